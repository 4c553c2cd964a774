import { mockApis } from '@backstage/frontend-test-utils';
import { forgetOnSignOut } from './forgetOnSignOut';

describe('forgetOnSignOut', () => {
  it('delegates to the identity and forgets the user on sign-out', async () => {
    const identity = mockApis.identity({
      userEntityRef: 'user:default/tenant-admin',
      token: 'token',
    });
    const forget = jest.fn();
    const wrapped = forgetOnSignOut(identity, forget);

    await expect(wrapped.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/tenant-admin',
    });
    await expect(wrapped.getCredentials()).resolves.toEqual({
      token: 'token',
    });
    expect(forget).not.toHaveBeenCalled();

    const signOut = jest.spyOn(identity, 'signOut');
    await wrapped.signOut();
    expect(forget).toHaveBeenCalledTimes(1);
    expect(signOut).toHaveBeenCalledTimes(1);
  });
});
