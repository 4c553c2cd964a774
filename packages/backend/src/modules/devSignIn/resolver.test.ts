import { NotFoundError } from '@backstage/errors';
import { AuthResolverContext } from '@backstage/plugin-auth-node';
import { signInAsDevelopmentUser } from './resolver';

const user = { userEntityRef: 'user:default/platform-admin' };
const info = { profile: {}, result: { user } };

function contextSigningIn(
  signInWithCatalogUser: AuthResolverContext['signInWithCatalogUser'],
): AuthResolverContext {
  return { signInWithCatalogUser } as Partial<AuthResolverContext> as any;
}

describe('signInAsDevelopmentUser', () => {
  it('signs in as the catalog user, with ownership from the catalog', async () => {
    const signInWithCatalogUser = jest.fn(async () => ({ token: 'token' }));
    await expect(
      signInAsDevelopmentUser(info, contextSigningIn(signInWithCatalogUser)),
    ).resolves.toEqual({ token: 'token' });
    expect(signInWithCatalogUser).toHaveBeenCalledWith({
      entityRef: 'user:default/platform-admin',
    });
  });

  it('explains a user missing from the catalog', async () => {
    const ctx = contextSigningIn(async () => {
      throw new NotFoundError('User not found');
    });
    await expect(signInAsDevelopmentUser(info, ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining(
        "Development user 'user:default/platform-admin' is not in the catalog",
      ),
    });
  });

  it('passes other errors on', async () => {
    const ctx = contextSigningIn(async () => {
      throw new Error('catalog unavailable');
    });
    await expect(signInAsDevelopmentUser(info, ctx)).rejects.toThrow(
      'catalog unavailable',
    );
  });
});
