import { specFor } from '../__testUtils__/specs';
import { publishTenantSignal } from './publishTenantSignal';

describe('publishTenantSignal', () => {
  it('publishes on the tenant channel and tenants:all to platform and tenant admins', async () => {
    const signals = { publish: jest.fn(async () => {}) };
    await publishTenantSignal(signals, {
      tenant: {
        id: 't-1',
        slug: 'acme',
        name: 'Acme',
        spec: specFor('acme'),
        state: 'failed',
        createdBy: 'user:default/platform-admin',
        createdAt: '2026-11-28T00:00:00.000Z',
        updatedAt: '2026-11-28T00:00:00.000Z',
      },
      run: { attempt: 1, status: 'failed' },
      phase: { id: 'secrets', status: 'failed' },
    });
    const recipients = {
      type: 'user',
      entityRef: ['group:default/platform-admins', 'group:default/acme-admins'],
    };
    const message = {
      tenantId: 't-1',
      state: 'failed',
      phase: { id: 'secrets', status: 'failed' },
      run: { attempt: 1, status: 'failed' },
    };
    expect(signals.publish.mock.calls).toEqual([
      [{ recipients, channel: 'tenants:t-1', message }],
      [{ recipients, channel: 'tenants:all', message }],
    ]);
  });
});
