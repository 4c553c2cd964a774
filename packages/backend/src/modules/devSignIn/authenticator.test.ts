import { ConfigReader } from '@backstage/config';
import {
  DEVELOPMENT_USER_HEADER,
  developmentAuthenticator,
} from './authenticator';

const users = [
  { userEntityRef: 'user:default/platform-admin', title: 'Platform admin' },
  { userEntityRef: 'user:default/tenant-admin', title: 'Tenant admin' },
];

type AuthenticateInput = Parameters<
  typeof developmentAuthenticator.authenticate
>[0];

function requestWith(headers: Record<string, string>): AuthenticateInput {
  const req = {
    header: (name: string) => headers[name.toLocaleLowerCase('en-US')],
  } as unknown as AuthenticateInput['req'];
  return { req };
}

describe('developmentAuthenticator', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  function initialize(config: object = { users }) {
    return developmentAuthenticator.initialize({
      config: new ConfigReader(config as any),
    });
  }

  describe('in development', () => {
    beforeEach(() => {
      process.env.NODE_ENV = 'development';
    });

    it('authenticates as the user the header names', async () => {
      const ctx = initialize();
      await expect(
        developmentAuthenticator.authenticate(
          requestWith({
            [DEVELOPMENT_USER_HEADER]: 'user:default/tenant-admin',
          }),
          ctx,
        ),
      ).resolves.toEqual({
        result: {
          user: {
            userEntityRef: 'user:default/tenant-admin',
            title: 'Tenant admin',
          },
        },
      });
    });

    it('accepts a shorthand reference', async () => {
      const { result } = await developmentAuthenticator.authenticate(
        requestWith({ [DEVELOPMENT_USER_HEADER]: ' platform-admin ' }),
        initialize(),
      );
      expect(result.user.userEntityRef).toBe('user:default/platform-admin');
    });

    it('rejects a request without the header with a 401', async () => {
      await expect(
        developmentAuthenticator.authenticate(requestWith({}), initialize()),
      ).rejects.toMatchObject({
        name: 'AuthenticationError',
        message:
          "Missing 'x-development-user' header; name one of the development users: user:default/platform-admin, user:default/tenant-admin",
      });
    });

    it('rejects users that are not configured with a 401', async () => {
      await expect(
        developmentAuthenticator.authenticate(
          requestWith({ [DEVELOPMENT_USER_HEADER]: 'user:default/mallory' }),
          initialize(),
        ),
      ).rejects.toMatchObject({
        name: 'AuthenticationError',
        message:
          "'user:default/mallory' is not a development user; choose one of: user:default/platform-admin, user:default/tenant-admin",
      });
    });
  });

  describe('outside development', () => {
    beforeEach(() => {
      process.env.NODE_ENV = 'production';
    });

    it('refuses sign-in', async () => {
      await expect(
        developmentAuthenticator.authenticate(
          requestWith({ [DEVELOPMENT_USER_HEADER]: 'platform-admin' }),
          initialize(),
        ),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'cannot be used outside of a development environment',
        ),
      });
    });

    it('signs in when dangerouslyAllowOutsideDevelopment is set', async () => {
      const { result } = await developmentAuthenticator.authenticate(
        requestWith({ [DEVELOPMENT_USER_HEADER]: 'platform-admin' }),
        initialize({ users, dangerouslyAllowOutsideDevelopment: true }),
      );
      expect(result.user.userEntityRef).toBe('user:default/platform-admin');
    });
  });

  it('fails to initialize with invalid users', () => {
    expect(() => initialize({ users: [] })).toThrow(
      'The development auth provider needs at least one user',
    );
  });
});
