import type { ConfigApi } from '@backstage/frontend-plugin-api';

/**
 * The backend's development auth provider (packages/backend, module
 * devSignIn) and the request header naming the user to sign in as; keep both
 * in step with the backend.
 */
export const DEVELOPMENT_PROVIDER_ID = 'development';
export const DEVELOPMENT_USER_HEADER = 'x-development-user';

/** A user the development sign-in page offers. */
export interface DevelopmentUser {
  /** Reference of the User entity, as configured. */
  userEntityRef: string;
  /** Label of the choice: the configured title, else the user's name. */
  title: string;
  description?: string;
}

/** The users configured in `auth.providers.development.users`, in order. */
export function readDevelopmentUsers(config: ConfigApi): DevelopmentUser[] {
  const users =
    config.getOptionalConfigArray('auth.providers.development.users') ?? [];
  return users.map(user => {
    const userEntityRef = user.getString('userEntityRef');
    return {
      userEntityRef,
      title:
        user.getOptionalString('title') ?? userEntityRef.replace(/^.*[:/]/, ''),
      description: user.getOptionalString('description'),
    };
  });
}
