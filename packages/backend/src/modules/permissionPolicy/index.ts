export { permissionModuleTenantPolicy } from './module';
export {
  TenantPermissionPolicy,
  PLATFORM_ADMIN_TAG,
} from './TenantPermissionPolicy';
