import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import tenantsPlugin from '@tenant-platform/backstage-plugin-tenants';
import { devSignInModule } from './modules/devSignIn';
import { navModule } from './modules/nav';

export default createApp({
  features: [catalogPlugin, tenantsPlugin, navModule, devSignInModule],
});
