export { ChangeRequestsCard } from './ChangeRequestsCard';
export { TenantChangeRequests } from './TenantChangeRequests';
