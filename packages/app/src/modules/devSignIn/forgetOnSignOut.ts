import type { IdentityApi } from '@backstage/frontend-plugin-api';

/**
 * The signed-in identity, with `forget` run when the user signs out, so the
 * sign-in page asks again which user to be instead of signing straight back in.
 */
export function forgetOnSignOut(
  identity: IdentityApi,
  forget: () => void,
): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    async signOut() {
      forget();
      await identity.signOut();
    },
  };
}
