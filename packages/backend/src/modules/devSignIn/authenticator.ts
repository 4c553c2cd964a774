import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';
import { developmentUserProfile } from './profile';
import { findDevelopmentUser, readDevelopmentUsers } from './users';

/**
 * Request header naming the user to sign in as (its entity reference). The
 * app's development sign-in page (packages/app, modules/devSignIn) sends it.
 */
export const DEVELOPMENT_USER_HEADER = 'x-development-user';

/**
 * Authenticates a request as the configured development user named by its
 * {@link DEVELOPMENT_USER_HEADER} header. Like the guest provider, it refuses
 * to sign anyone in outside `NODE_ENV=development` unless
 * `dangerouslyAllowOutsideDevelopment` is set.
 */
export const developmentAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: developmentUserProfile,
  initialize({ config }) {
    return {
      users: readDevelopmentUsers(config),
      allowed:
        process.env.NODE_ENV === 'development' ||
        config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ===
          true,
    };
  },
  async authenticate({ req }, { users, allowed }) {
    if (!allowed) {
      throw new NotAllowedError(
        "The development auth provider cannot be used outside of a development environment unless 'auth.providers.development.dangerouslyAllowOutsideDevelopment' is enabled",
      );
    }
    const offered = users.map(user => user.userEntityRef).join(', ');
    const requested = req.header(DEVELOPMENT_USER_HEADER)?.trim();
    if (!requested) {
      throw new AuthenticationError(
        `Missing '${DEVELOPMENT_USER_HEADER}' header; name one of the development users: ${offered}`,
      );
    }
    const user = findDevelopmentUser(users, requested);
    if (!user) {
      throw new AuthenticationError(
        `'${requested}' is not a development user; choose one of: ${offered}`,
      );
    }
    return { result: { user } };
  },
});
