export { TenantDriftCard } from './TenantDriftCard';
export { DRIFT_STATE_LABELS, TenantDriftChip } from './TenantDriftChip';
export { DriftDifferencesTable } from './DriftDifferencesTable';
