import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { specFor } from '../__testUtils__/specs';
import { TenantCatalogBridge } from './TenantCatalogBridge';
import { TenantEntityProvider } from './TenantEntityProvider';

function tenantRecord(slug: string, state: Tenant['state']) {
  return {
    id: `00000000-0000-4000-8000-00000000000${slug.length}`,
    slug,
    name: `Tenant ${slug}`,
    spec: specFor(slug),
    state,
    createdBy: 'user:default/platform-admin',
    createdAt: '2026-11-28T00:00:00.000Z',
    updatedAt: '2026-11-28T00:00:00.000Z',
  } satisfies Tenant;
}

function fakeConnection() {
  return {
    applyMutation: jest.fn(async () => {}),
    refresh: jest.fn(async () => {}),
  } satisfies EntityProviderConnection;
}

const refsOf = (connection: ReturnType<typeof fakeConnection>, call = -1) =>
  (connection.applyMutation.mock.calls.at(call) as any)[0].entities.map(
    (e: any) =>
      `${e.entity.kind}:${e.entity.metadata.name}:${
        e.entity.metadata.labels['tenants.dev/state'] ?? ''
      }`,
  );

describe('TenantEntityProvider', () => {
  it('applies a full mutation for each snapshot and refreshes the admins', async () => {
    const bridge = new TenantCatalogBridge();
    const provider = new TenantEntityProvider(bridge);
    const connection = fakeConnection();
    expect(provider.getProviderName()).toBe('tenants');

    await provider.connect(connection);
    expect(connection.applyMutation).not.toHaveBeenCalled();

    await bridge.publish([tenantRecord('acme', 'pending')]);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        expect.objectContaining({
          locationKey: 'tenants-backend:tenants',
          entity: expect.objectContaining({ kind: 'Resource' }),
        }),
        expect.objectContaining({
          locationKey: 'tenants-backend:tenants',
          entity: expect.objectContaining({ kind: 'Group' }),
        }),
      ],
    });
    expect(connection.refresh).toHaveBeenCalledWith({
      keys: ['tenants-admin-email:admin@acme.example'],
    });

    await bridge.publish([
      tenantRecord('acme', 'ready'),
      tenantRecord('bravo', 'pending'),
    ]);
    expect(refsOf(connection)).toEqual([
      'Resource:acme:ready',
      'Group:acme-admins:',
      'Resource:bravo:pending',
      'Group:bravo-admins:',
    ]);

    await bridge.publish([]);
    expect(connection.applyMutation).toHaveBeenLastCalledWith({
      type: 'full',
      entities: [],
    });
  });

  it('refreshes the previous admin too when an admin email changes', async () => {
    const bridge = new TenantCatalogBridge();
    const connection = fakeConnection();
    await new TenantEntityProvider(bridge).connect(connection);
    const acme = tenantRecord('acme', 'ready');
    await bridge.publish([acme]);
    await bridge.publish([
      {
        ...acme,
        spec: {
          ...acme.spec,
          details: { ...acme.spec.details, adminEmail: 'ops@acme.example' },
        },
      },
    ]);
    expect(connection.refresh).toHaveBeenLastCalledWith({
      keys: [
        'tenants-admin-email:ops@acme.example',
        'tenants-admin-email:admin@acme.example',
      ],
    });
    await bridge.publish([]);
    expect(connection.refresh).toHaveBeenLastCalledWith({
      keys: ['tenants-admin-email:ops@acme.example'],
    });
  });

  it('applies the latest snapshot on connect', async () => {
    const bridge = new TenantCatalogBridge();
    await bridge.publish([tenantRecord('acme', 'failed')]);
    const connection = fakeConnection();
    await new TenantEntityProvider(bridge).connect(connection);
    expect(refsOf(connection)).toEqual([
      'Resource:acme:failed',
      'Group:acme-admins:',
    ]);
  });

  it('logs instead of throwing when the catalog rejects a mutation', async () => {
    const bridge = new TenantCatalogBridge();
    const logger = { error: jest.fn() } as any;
    const connection = fakeConnection();
    connection.applyMutation.mockRejectedValueOnce(new Error('db down'));
    await new TenantEntityProvider(bridge, logger).connect(connection);
    await expect(
      bridge.publish([tenantRecord('acme', 'ready')]),
    ).resolves.toBeUndefined();
    expect(logger.error).toHaveBeenCalledWith(
      'Could not apply the tenants to the catalog',
      expect.any(Error),
    );
  });
});
