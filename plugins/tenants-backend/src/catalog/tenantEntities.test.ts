import {
  tenantSpecSchema,
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { specInputFor } from '../__testUtils__/specs';
import { tenantToEntities } from './tenantEntities';

const spec = tenantSpecSchema.parse({
  ...specInputFor('acme', {
    details: { name: 'Acme Corp', description: 'Analytics for Acme' },
    infrastructure: {
      cloudProvider: 'aws',
      region: 'eu-west-1',
      resourceTier: 'large',
    },
  }),
  dataSources: [
    {
      name: 'warehouse',
      type: 'postgresql',
      host: 'db.internal.acme.example',
      port: 5432,
      database: 'dwh',
      user: 'svc_reader',
      passwordSecret: 'acme-warehouse-password',
    },
  ],
  security: {
    authMethod: 'oidc',
    mfaPolicy: 'required-all',
    allowedCidrs: ['10.0.0.0/8'],
  },
});

const tenant: Tenant = {
  id: '6f1c2a9e-3b4d-4c5e-8f70-1a2b3c4d5e6f',
  slug: 'acme',
  name: 'Acme Corp',
  spec,
  state: 'provisioning',
  cluster: 'local',
  createdBy: 'user:default/platform-admin',
  createdAt: '2026-11-28T00:00:00.000Z',
  updatedAt: '2026-11-28T00:05:00.000Z',
};

describe('tenantToEntities', () => {
  it('maps a tenant to a Resource of type tenant with the Kubernetes annotations', () => {
    const [resource] = tenantToEntities(tenant);
    expect(resource).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'acme',
        title: 'Acme Corp',
        description: 'Analytics for Acme',
        labels: {
          'tenants.dev/tenant': 'acme',
          'tenants.dev/state': 'provisioning',
          'tenants.dev/billing-tier': 'enterprise',
          'tenants.dev/resource-tier': 'large',
          'tenants.dev/provider': 'aws',
          'tenants.dev/region': 'eu-west-1',
          'tenants.dev/cluster': 'local',
        },
        annotations: {
          'backstage.io/managed-by-location': 'tenants-backend:tenants',
          'backstage.io/managed-by-origin-location': 'tenants-backend:tenants',
          'tenants.dev/tenant-id': tenant.id,
          'tenants.dev/state': 'provisioning',
          'tenants.dev/billing-tier': 'enterprise',
          'tenants.dev/resource-tier': 'large',
          'tenants.dev/provider': 'aws',
          'tenants.dev/region': 'eu-west-1',
          'tenants.dev/cluster': 'local',
          'tenants.dev/modules': 'core,bi,contextGraph',
          'tenants.dev/dedicated-compute': 'false',
          'tenants.dev/gpu-enabled': 'false',
          'tenants.dev/spec-version': '1',
          'tenants.dev/created-at': '2026-11-28T00:00:00.000Z',
          'backstage.io/kubernetes-cluster': 'local',
          'backstage.io/kubernetes-id': 'acme',
          'backstage.io/kubernetes-namespace': 'tenant-acme',
          'backstage.io/kubernetes-label-selector': 'tenants.dev/tenant=acme',
        },
        tags: ['tenant'],
      },
      spec: { type: 'tenant', owner: 'group:default/acme-admins' },
    });
  });

  it("labels the tenant with its last drift check's state and annotates its count and time", () => {
    const [resource] = tenantToEntities({
      ...tenant,
      drift: {
        state: 'drifted',
        differences: 3,
        checkedAt: '2026-12-07T10:00:00.000Z',
      },
    });
    expect(resource.metadata.labels?.['tenants.dev/drift']).toBe('drifted');
    expect(resource.metadata.annotations).toMatchObject({
      'tenants.dev/drift-differences': '3',
      'tenants.dev/drift-checked-at': '2026-12-07T10:00:00.000Z',
    });
    const [unchecked] = tenantToEntities(tenant);
    expect(
      tenantToEntities({ ...tenant, platformVersion: '1.1.0' })[0].metadata
        .annotations?.['tenants.dev/platform-version'],
    ).toBe('1.1.0');
    expect(unchecked.metadata.labels?.['tenants.dev/drift']).toBeUndefined();
    expect(
      unchecked.metadata.annotations?.['tenants.dev/drift-checked-at'],
    ).toBeUndefined();
  });

  it('maps the tenant admins group, annotated with the admin email', () => {
    const [, group] = tenantToEntities(tenant);
    expect(group).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'acme-admins',
        title: 'Acme Corp admins',
        description:
          'Admins of tenant Acme Corp; they may read the tenant and request changes',
        labels: { 'tenants.dev/tenant': 'acme' },
        annotations: {
          'backstage.io/managed-by-location': 'tenants-backend:tenants',
          'backstage.io/managed-by-origin-location': 'tenants-backend:tenants',
          'tenants.dev/tenant-id': tenant.id,
          'tenants.dev/admin-email': 'admin@acme.example',
        },
      },
      spec: {
        type: 'tenant-admins',
        profile: { displayName: 'Acme Corp admins' },
        children: [],
      },
    });
  });

  it('never exposes data source connections or security settings', () => {
    const json = JSON.stringify(tenantToEntities(tenant));
    for (const secretish of [
      'db.internal.acme.example',
      'svc_reader',
      'acme-warehouse-password',
      'warehouse',
      '10.0.0.0/8',
      'oidc',
    ]) {
      expect(json).not.toContain(secretish);
    }
  });

  it('leaves out what is not a valid label value, and an empty description', () => {
    const [resource] = tenantToEntities({
      ...tenant,
      cluster: 'https://kube.example:6443/',
      spec: { ...spec, details: { ...spec.details, description: undefined } },
    });
    expect(resource.metadata.description).toBeUndefined();
    expect(resource.metadata.labels).not.toHaveProperty('tenants.dev/cluster');
    expect(resource.metadata.annotations).toMatchObject({
      'tenants.dev/cluster': 'https://kube.example:6443/',
    });
    const [noCluster] = tenantToEntities({ ...tenant, cluster: undefined });
    expect(noCluster.metadata.annotations).not.toHaveProperty(
      'tenants.dev/cluster',
    );
  });
});
