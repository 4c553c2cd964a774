import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { CatalogMembership } from './CatalogMembership';

const TERRY = 'user:default/terry';

function tokenOf(ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(TERRY),
    info: { userEntityRef: TERRY, ownershipEntityRefs },
  };
}

function userEntity(groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'terry' },
    spec: { profile: { email: 'admin@acme.example' } },
    relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}

describe('CatalogMembership', () => {
  let now = 0;
  let entity: Entity | undefined;
  const catalog = catalogServiceMock.mock({
    getEntityByRef: jest.fn(async () => entity),
  });
  const membership = new CatalogMembership({
    catalog,
    auth: mockServices.auth(),
    ttlMs: 10_000,
    now: () => now,
  });

  beforeEach(() => {
    jest.clearAllMocks();
    now += 60_000; // past every cached entry of the previous test
    entity = userEntity([]);
  });

  it("takes the user's current groups from the catalog, not the token's", async () => {
    entity = userEntity(['group:default/acme-admins']);
    await expect(membership.claimsOf(tokenOf([TERRY]))).resolves.toEqual([
      TERRY,
      'group:default/acme-admins',
    ]);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(TERRY, {
      credentials: expect.anything(),
    });
  });

  it('reads the catalog again once the cache entry is older than its TTL', async () => {
    await expect(membership.claimsOf(tokenOf([TERRY]))).resolves.toEqual([
      TERRY,
    ]);
    entity = userEntity(['group:default/acme-admins']);
    now += 9_999;
    await expect(membership.claimsOf(tokenOf([TERRY]))).resolves.toEqual([
      TERRY,
    ]);
    now += 1;
    await expect(membership.claimsOf(tokenOf([TERRY]))).resolves.toEqual([
      TERRY,
      'group:default/acme-admins',
    ]);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it("falls back to the token's refs for users the catalog does not know", async () => {
    entity = undefined;
    const token = tokenOf([TERRY, 'group:default/guests']);
    await expect(membership.claimsOf(token)).resolves.toEqual([
      TERRY,
      'group:default/guests',
    ]);
  });

  it("falls back to the token's refs, uncached, when the catalog fails", async () => {
    catalog.getEntityByRef.mockRejectedValueOnce(new Error('catalog down'));
    const token = tokenOf([TERRY, 'group:default/acme-admins']);
    await expect(membership.claimsOf(token)).resolves.toEqual([
      TERRY,
      'group:default/acme-admins',
    ]);
    await expect(membership.claimsOf(token)).resolves.toEqual([TERRY]);
  });

  it('has no claims without a user', async () => {
    await expect(membership.claimsOf(undefined)).resolves.toEqual([]);
  });
});
