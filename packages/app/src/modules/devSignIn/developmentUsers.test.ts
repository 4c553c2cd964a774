import { mockApis } from '@backstage/frontend-test-utils';
import { readDevelopmentUsers } from './developmentUsers';

describe('readDevelopmentUsers', () => {
  it('reads the users in order, titled by their name when untitled', () => {
    const config = mockApis.config({
      data: {
        auth: {
          providers: {
            development: {
              users: [
                {
                  userEntityRef: 'user:default/platform-admin',
                  title: 'Platform admin',
                  description: 'Provisions tenants',
                },
                { userEntityRef: 'user:default/tenant-admin' },
              ],
            },
          },
        },
      },
    });
    expect(readDevelopmentUsers(config)).toEqual([
      {
        userEntityRef: 'user:default/platform-admin',
        title: 'Platform admin',
        description: 'Provisions tenants',
      },
      {
        userEntityRef: 'user:default/tenant-admin',
        title: 'tenant-admin',
        description: undefined,
      },
    ]);
  });

  it('reads no users when the development provider is not configured', () => {
    expect(readDevelopmentUsers(mockApis.config({ data: {} }))).toEqual([]);
  });
});
