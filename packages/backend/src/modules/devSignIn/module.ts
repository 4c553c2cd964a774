import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { developmentAuthenticator } from './authenticator';
import { signInAsDevelopmentUser } from './resolver';

/**
 * Development sign-in: the auth provider `development` signs in as one of the
 * users listed in `auth.providers.development.users`, chosen per request by
 * a header. The auth backend only sets it up when that key is configured.
 */
export const authModuleDevelopmentProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'development-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'development',
          factory: createProxyAuthProviderFactory({
            authenticator: developmentAuthenticator,
            signInResolver: signInAsDevelopmentUser,
          }),
        });
      },
    });
  },
});
