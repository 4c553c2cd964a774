import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import { Entity } from '@backstage/catalog-model';
import { specFor } from '../__testUtils__/specs';
import {
  adminEmailRefreshKey,
  TenantAdminMembershipProcessor,
} from './TenantAdminMembershipProcessor';

const tenant = (slug: string, adminEmail: string): Tenant => ({
  id: `00000000-0000-4000-8000-00000000000${slug.length}`,
  slug,
  name: `Tenant ${slug}`,
  spec: specFor(slug, { details: { adminEmail } }),
  state: 'ready',
  createdBy: 'user:default/platform-admin',
  createdAt: '2026-11-28T00:00:00.000Z',
  updatedAt: '2026-11-28T00:00:00.000Z',
});

const user = (email?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'tenant-admin', namespace: 'default' },
  spec: { profile: email ? { email } : {}, memberOf: [] },
});

const location = { type: 'file', target: 'org.yaml' };

describe('TenantAdminMembershipProcessor', () => {
  const tenants = [
    tenant('acme', 'admin@acme.example'),
    tenant('beta', 'Admin@Acme.example'),
    tenant('gamma', 'someone@else.example'),
  ];
  const processor = new TenantAdminMembershipProcessor(() => tenants);

  it("makes the user with a tenant's admin email a member of its admins group", async () => {
    const emit = jest.fn();
    const entity = user('ADMIN@acme.example');
    await expect(
      processor.postProcessEntity(entity, location, emit),
    ).resolves.toBe(entity);
    const userRef = {
      kind: 'User',
      namespace: 'default',
      name: 'tenant-admin',
    };
    const groupRef = (name: string) => ({
      kind: 'Group',
      namespace: 'default',
      name,
    });
    expect(emit.mock.calls.map(c => c[0])).toEqual([
      { type: 'refresh', key: adminEmailRefreshKey('admin@acme.example') },
      {
        type: 'relation',
        relation: {
          source: userRef,
          type: 'memberOf',
          target: groupRef('acme-admins'),
        },
      },
      {
        type: 'relation',
        relation: {
          source: groupRef('acme-admins'),
          type: 'hasMember',
          target: userRef,
        },
      },
      {
        type: 'relation',
        relation: {
          source: userRef,
          type: 'memberOf',
          target: groupRef('beta-admins'),
        },
      },
      {
        type: 'relation',
        relation: {
          source: groupRef('beta-admins'),
          type: 'hasMember',
          target: userRef,
        },
      },
    ]);
  });

  it('only tags other users with their refresh key, and ignores other kinds', async () => {
    const emit = jest.fn();
    await processor.postProcessEntity(
      user('nobody@acme.example'),
      location,
      emit,
    );
    expect(emit.mock.calls.map(c => c[0])).toEqual([
      { type: 'refresh', key: 'tenants-admin-email:nobody@acme.example' },
    ]);
    emit.mockClear();
    await processor.postProcessEntity(user(), location, emit);
    await processor.postProcessEntity(
      { ...user('admin@acme.example'), kind: 'Group' },
      location,
      emit,
    );
    expect(emit).not.toHaveBeenCalled();
  });

  it('does nothing before the first snapshot', async () => {
    const emit = jest.fn();
    await new TenantAdminMembershipProcessor(() => undefined).postProcessEntity(
      user('admin@acme.example'),
      location,
      emit,
    );
    expect(emit).toHaveBeenCalledTimes(1);
  });
});
