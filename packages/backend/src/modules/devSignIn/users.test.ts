import { ConfigReader } from '@backstage/config';
import {
  findDevelopmentUser,
  normalizeUserEntityRef,
  readDevelopmentUsers,
} from './users';

const read = (users: unknown) =>
  readDevelopmentUsers(new ConfigReader({ users } as any));

describe('normalizeUserEntityRef', () => {
  it.each([
    ['platform-admin', 'user:default/platform-admin'],
    ['default/platform-admin', 'user:default/platform-admin'],
    ['User:Default/Platform-Admin', 'user:default/platform-admin'],
    ['user:acme/tenant-admin', 'user:acme/tenant-admin'],
  ])('normalizes %s to %s', (ref, expected) => {
    expect(normalizeUserEntityRef(ref)).toBe(expected);
  });

  it('rejects references to other kinds', () => {
    expect(() =>
      normalizeUserEntityRef('group:default/platform-admins'),
    ).toThrow(
      "'group:default/platform-admins' does not refer to a User entity",
    );
  });
});

describe('readDevelopmentUsers', () => {
  it('reads the users with their titles and descriptions', () => {
    expect(
      read([
        {
          userEntityRef: 'user:default/platform-admin',
          title: 'Platform admin',
          description: 'Provisions tenants',
        },
        { userEntityRef: 'Tenant-Admin' },
      ]),
    ).toEqual([
      {
        userEntityRef: 'user:default/platform-admin',
        title: 'Platform admin',
        description: 'Provisions tenants',
      },
      {
        userEntityRef: 'user:default/tenant-admin',
        title: undefined,
        description: undefined,
      },
    ]);
  });

  it('requires the users key', () => {
    expect(() => readDevelopmentUsers(new ConfigReader({}))).toThrow(
      "Missing required config value at 'users'",
    );
  });

  it('requires at least one user', () => {
    expect(() => read([])).toThrow(
      'The development auth provider needs at least one user',
    );
  });

  it('requires a userEntityRef for each user', () => {
    expect(() => read([{ title: 'Nobody' }])).toThrow(
      "Missing required config value at 'users[0].userEntityRef'",
    );
  });

  it('rejects malformed references and other kinds', () => {
    expect(() => read([{ userEntityRef: 'user:default/' }])).toThrow(
      /Invalid users\[0\]\.userEntityRef of the development auth provider/,
    );
    expect(() =>
      read([
        { userEntityRef: 'user:default/platform-admin' },
        { userEntityRef: 'group:default/platform-admins' },
      ]),
    ).toThrow(
      "Invalid users[1].userEntityRef of the development auth provider: 'group:default/platform-admins' does not refer to a User entity",
    );
  });

  it('rejects a user listed twice', () => {
    expect(() =>
      read([
        { userEntityRef: 'user:default/platform-admin' },
        { userEntityRef: 'platform-admin' },
      ]),
    ).toThrow(
      "The development auth provider lists user 'user:default/platform-admin' more than once",
    );
  });
});

describe('findDevelopmentUser', () => {
  const users = read([
    { userEntityRef: 'user:default/platform-admin' },
    { userEntityRef: 'user:default/tenant-admin' },
  ]);

  it('finds a configured user by any spelling of its reference', () => {
    for (const ref of [
      'user:default/tenant-admin',
      'tenant-admin',
      'USER:default/Tenant-Admin',
    ]) {
      expect(findDevelopmentUser(users, ref)?.userEntityRef).toBe(
        'user:default/tenant-admin',
      );
    }
  });

  it('finds nothing for other or malformed references', () => {
    for (const ref of [
      'user:default/someone-else',
      'group:default/platform-admins',
      'user:other/tenant-admin',
      'user:default/',
      ':',
    ]) {
      expect(findDevelopmentUser(users, ref)).toBeUndefined();
    }
  });
});
