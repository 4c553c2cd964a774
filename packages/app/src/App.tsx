import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import tenantsPlugin from '@internal/backstage-plugin-tenants';
import { navModule } from './modules/nav';

export default createApp({
  features: [catalogPlugin, tenantsPlugin, navModule],
});
