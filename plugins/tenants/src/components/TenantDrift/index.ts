export { TenantDriftCard } from './TenantDriftCard';
