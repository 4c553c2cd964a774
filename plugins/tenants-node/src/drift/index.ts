export { detectDrift } from './detectDrift';
export type { TenantDrift } from './detectDrift';
