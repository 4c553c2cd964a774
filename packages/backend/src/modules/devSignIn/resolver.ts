import { isError, NotFoundError } from '@backstage/errors';
import { SignInResolver } from '@backstage/plugin-auth-node';
import type { DevelopmentAuthResult } from './users';

/**
 * Signs in as the chosen development user's catalog entity, so the token's
 * ownership claims (the user and the groups they are a member of, e.g.
 * `group:default/platform-admins`) come from the catalog.
 */
export const signInAsDevelopmentUser: SignInResolver<
  DevelopmentAuthResult
> = async ({ result: { user } }, ctx) => {
  try {
    return await ctx.signInWithCatalogUser({ entityRef: user.userEntityRef });
  } catch (error) {
    if (isError(error) && error.name === 'NotFoundError') {
      throw new NotFoundError(
        `Development user '${user.userEntityRef}' is not in the catalog (yet): register it (see examples/org.yaml) or retry once the catalog has ingested it`,
      );
    }
    throw error;
  }
};
