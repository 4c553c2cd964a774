export {
  TenantEntityContent,
  TENANT_ID_ANNOTATION,
} from './TenantEntityContent';
