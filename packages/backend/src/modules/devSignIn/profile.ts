import { isUserEntity } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { ProfileTransform } from '@backstage/plugin-auth-node';
import type { DevelopmentAuthResult } from './users';

/**
 * The signed-in user's profile (display name, email, picture) from their
 * catalog entity; their configured title if the catalog does not have them.
 */
export const developmentUserProfile: ProfileTransform<
  DevelopmentAuthResult
> = async ({ user }, ctx) => {
  try {
    const { entity } = await ctx.findCatalogUser({
      entityRef: user.userEntityRef,
    });
    const profile = isUserEntity(entity) ? entity.spec.profile : undefined;
    return {
      profile: {
        displayName: profile?.displayName ?? user.title,
        email: profile?.email,
        picture: profile?.picture,
      },
    };
  } catch (error) {
    if (isError(error) && error.name === 'NotFoundError') {
      return { profile: { displayName: user.title ?? user.userEntityRef } };
    }
    throw error;
  }
};
