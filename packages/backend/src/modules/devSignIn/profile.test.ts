import { NotFoundError } from '@backstage/errors';
import { AuthResolverContext } from '@backstage/plugin-auth-node';
import { developmentUserProfile } from './profile';

const user = {
  userEntityRef: 'user:default/tenant-admin',
  title: 'Tenant admin',
};

function contextFinding(
  findCatalogUser: AuthResolverContext['findCatalogUser'],
): AuthResolverContext {
  return { findCatalogUser } as Partial<AuthResolverContext> as any;
}

describe('developmentUserProfile', () => {
  it('takes the profile from the catalog entity', async () => {
    const findCatalogUser = jest.fn(async () => ({
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'tenant-admin' },
        spec: {
          profile: {
            displayName: 'Terry Tenant (tenant admin)',
            email: 'admin@acme.example',
          },
          memberOf: [],
        },
      },
    }));
    await expect(
      developmentUserProfile({ user }, contextFinding(findCatalogUser)),
    ).resolves.toEqual({
      profile: {
        displayName: 'Terry Tenant (tenant admin)',
        email: 'admin@acme.example',
        picture: undefined,
      },
    });
    expect(findCatalogUser).toHaveBeenCalledWith({
      entityRef: 'user:default/tenant-admin',
    });
  });

  it('falls back to the configured title when the catalog lacks the user', async () => {
    const ctx = contextFinding(async () => {
      throw new NotFoundError('User not found');
    });
    await expect(developmentUserProfile({ user }, ctx)).resolves.toEqual({
      profile: { displayName: 'Tenant admin' },
    });
    await expect(
      developmentUserProfile(
        { user: { userEntityRef: 'user:default/tenant-admin' } },
        ctx,
      ),
    ).resolves.toEqual({
      profile: { displayName: 'user:default/tenant-admin' },
    });
  });

  it('passes other catalog errors on', async () => {
    const ctx = contextFinding(async () => {
      throw new Error('catalog unavailable');
    });
    await expect(developmentUserProfile({ user }, ctx)).rejects.toThrow(
      'catalog unavailable',
    );
  });
});
