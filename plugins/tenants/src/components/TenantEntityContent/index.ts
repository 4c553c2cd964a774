export {
  TenantChangeRequestsContent,
  TenantEntityContent,
  TENANT_ID_ANNOTATION,
} from './TenantEntityContent';
