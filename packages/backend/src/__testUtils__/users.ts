import { mockCredentials } from '@backstage/backend-test-utils';

/** A member of the platform admins: may approve change requests, roll back, retry. */
export const PLATFORM_ADMIN = 'user:default/platform-admin';

/** A tenant admin: may file change requests for their tenant. */
export const TENANT_ADMIN = 'user:default/tenant-admin';

/** The headers of a request made by the signed-in user `userEntityRef`. */
export const as = (userEntityRef: string) => ({
  Authorization: mockCredentials.user.header(userEntityRef),
});
