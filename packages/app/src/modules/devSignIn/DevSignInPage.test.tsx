import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { IdentityApi } from '@backstage/frontend-plugin-api';
import { DevSignInPage } from './DevSignInPage';
import { rememberedUser } from './rememberedUser';

// Rendering the test app takes seconds on a loaded CI machine.
jest.setTimeout(30_000);

const config = {
  app: { title: 'Tenant Platform' },
  auth: {
    providers: {
      development: {
        users: [
          {
            userEntityRef: 'user:default/platform-admin',
            title: 'Platform admin',
            description: 'Provisions tenants',
          },
          {
            userEntityRef: 'user:default/tenant-admin',
            title: 'Tenant admin',
            description: 'Requests changes to their tenant',
          },
        ],
      },
    },
  },
};

/** A token whose payload has an expiry, as ProxiedSignInPage reads it. */
const token = [
  'e30',
  btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })),
  'signature',
].join('.');

function session(userEntityRef: string) {
  return {
    profile: { displayName: userEntityRef },
    backstageIdentity: {
      token,
      identity: {
        type: 'user',
        userEntityRef,
        ownershipEntityRefs: [userEntityRef],
      },
    },
  };
}

describe('DevSignInPage', () => {
  const originalFetch = global.fetch;
  let fetchMock: jest.Mock;

  beforeEach(() => {
    window.localStorage.clear();
    fetchMock = jest.fn(async (_url: string, init: RequestInit) => {
      const user = new Headers(init.headers).get('x-development-user')!;
      return new Response(JSON.stringify(session(user)), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    global.fetch = fetchMock as unknown as typeof fetch;
  });

  afterEach(() => {
    global.fetch = originalFetch;
  });

  function renderPage(
    onSignInSuccess: (identity: IdentityApi) => void,
    data: object = config,
  ) {
    return renderInTestApp(
      <DevSignInPage onSignInSuccess={onSignInSuccess} />,
      {
        config: data as any,
        apis: [mockApis.discovery({ baseUrl: 'http://localhost:7007' })],
      },
    );
  }

  it('offers the configured users with their descriptions', async () => {
    renderPage(jest.fn());
    expect(await screen.findByText('Platform admin')).toBeInTheDocument();
    expect(screen.getByText('Provisions tenants')).toBeInTheDocument();
    expect(screen.getByText('Tenant admin')).toBeInTheDocument();
    expect(
      screen.getByText('Requests changes to their tenant'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in as Platform admin' }),
    ).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('signs in as the chosen user through the development provider and remembers them', async () => {
    const onSignInSuccess = jest.fn();
    renderPage(onSignInSuccess);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in as Tenant admin' }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://localhost:7007/api/auth/development/refresh');
    expect(new Headers(init.headers).get('x-development-user')).toBe(
      'user:default/tenant-admin',
    );
    const identity: IdentityApi = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/tenant-admin',
    });
    expect(rememberedUser.get()).toBe('user:default/tenant-admin');

    await identity.signOut();
    expect(rememberedUser.get()).toBeUndefined();
  });

  it('signs in again as the remembered user without asking', async () => {
    rememberedUser.set('user:default/platform-admin');
    const onSignInSuccess = jest.fn();
    renderPage(onSignInSuccess);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const identity: IdentityApi = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/platform-admin',
    });
    expect(screen.queryByText('Tenant admin')).not.toBeInTheDocument();
  });

  it('ignores a remembered user that is no longer configured', async () => {
    rememberedUser.set('user:default/someone-else');
    renderPage(jest.fn());
    expect(await screen.findByText('Platform admin')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows why sign-in failed and lets one retry or choose another user', async () => {
    fetchMock.mockImplementation(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message: 'Development user is not in the catalog (yet)',
            },
            request: { method: 'GET', url: '/refresh' },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        ),
    );
    const onSignInSuccess = jest.fn();
    renderPage(onSignInSuccess);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in as Platform admin' }),
    );

    expect(
      await screen.findByText(/Could not sign in as Platform admin/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Development user is not in the catalog/).length,
    ).toBeGreaterThan(0);

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    await screen.findByText(/Could not sign in as Platform admin/);

    fireEvent.click(
      screen.getByRole('button', { name: 'Choose another user' }),
    );
    expect(
      await screen.findByRole('button', { name: 'Sign in as Tenant admin' }),
    ).toBeInTheDocument();
    expect(rememberedUser.get()).toBeUndefined();
    expect(onSignInSuccess).not.toHaveBeenCalled();
  });

  it('explains how to configure users when there are none', async () => {
    renderPage(jest.fn(), { app: { title: 'Tenant Platform' } });
    expect(
      await screen.findByText(/No development users configured/),
    ).toBeInTheDocument();
  });
});
