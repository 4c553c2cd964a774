/**
 * The development user last signed in as, kept in the browser's local storage
 * so that a page reload signs in as them again (until they sign out).
 */
const STORAGE_KEY = 'tenant-platform/development-sign-in/user';

export const rememberedUser = {
  get(): string | undefined {
    try {
      return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(userEntityRef: string): void {
    try {
      window.localStorage.setItem(STORAGE_KEY, userEntityRef);
    } catch {
      // Storage unavailable (e.g. blocked): the choice lasts until reload.
    }
  },
  forget(): void {
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing was stored.
    }
  },
};
