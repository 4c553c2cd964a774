export {
  TenantSpecSummary,
  type TenantSpecSummaryProps,
} from './TenantSpecSummary';
export { MASK } from './facts';
