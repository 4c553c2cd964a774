export { detectDrift } from './detectDrift';
export type { DriftDifference, TenantDrift } from './detectDrift';
