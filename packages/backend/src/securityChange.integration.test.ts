import { tenantNamespaceName } from '@tenant-platform/backstage-plugin-tenants-node';
import { requestApproveApply } from './__testUtils__/changeRequests';
import {
  changedBetween,
  snapshotTenantObjects,
} from './__testUtils__/objectSnapshots';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import { uniqueSuffix } from './__testUtils__/provisioningValues';
import { taskStatus, untilCompleted } from './__testUtils__/tasks';
import { namespaceReader } from './__testUtils__/tenantObjects';
import { tenantIdOf } from './__testUtils__/tenants';
import { as, PLATFORM_ADMIN, TENANT_ADMIN } from './__testUtils__/users';

/**
 * A change request of the security step, end to end in one backend: a tenant
 * admin previews and asks for other allowed IP ranges and another MFA policy, a platform
 * admin approves, the `tenant-change` task applies it on the local
 * Kubernetes control plane, and exactly the objects that carry those
 * settings change: the ingress allow-list, the NetworkPolicy admitting the
 * ranges and the tenant's configuration (with the control plane that reads
 * it). Every other object of the tenant keeps its labels, annotations and
 * content.
 */

jest.setTimeout(900_000);

let stack: FullStack;
const api = () => stack.api();
const slug = `sc${uniqueSuffix()}`;
const namespace = tenantNamespaceName(slug);

beforeAll(async () => {
  stack = await startFullStack({
    cluster: 'local-security-change',
    readinessTimeoutSeconds: 180,
    templates: ['tenant-provisioning', 'tenant-change'],
  });
});

afterAll(() => stack?.stop());

describe('a change request of the security step', () => {
  it('changes the allowed ranges and the MFA policy and nothing else', async () => {
    const taskId = await stack.startProvisioning(as(PLATFORM_ADMIN), {
      slug,
      values: {
        name: `Security change ${slug}`,
        region: 'westeurope',
        resourceTier: 'small',
        dataSources: [],
        allowedCidrs: ['203.0.113.0/24'],
      },
    });
    await untilCompleted(api, taskId, as(PLATFORM_ADMIN));
    expect(await taskStatus(api, taskId, as(PLATFORM_ADMIN))).toBe('completed');
    const tenantId = await tenantIdOf(api, slug, as(PLATFORM_ADMIN));
    const before = await snapshotTenantObjects(stack.kubeConfig, slug);
    const changes = {
      allowedCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
      mfaPolicy: 'required-admins',
    };

    // The form previews what approval would apply: the objects that differ
    // from what the phases render for the resulting spec.
    const preview = await api()
      .post(`/api/tenants/v1/tenants/${tenantId}/change-requests/preview`)
      .set(as(TENANT_ADMIN))
      .send({ changes });
    expect(preview.status).toBe(200);
    expect(preview.body.diff).toHaveLength(2);
    expect(preview.body.objects.state).toBe('drifted');
    const previewed = [
      ...new Set<string>(
        preview.body.objects.differences.map((d: any) => d.object),
      ),
    ].sort();

    const applied = await requestApproveApply(
      api,
      tenantId,
      changes,
      'The new office and admins-only MFA',
    );
    expect(applied.changeRequest).toMatchObject({
      status: 'applied',
      appliedSpecVersion: 2,
      diff: [
        {
          field: 'security.mfaPolicy',
          from: 'required-all',
          to: 'required-admins',
        },
        {
          field: 'security.allowedCidrs',
          from: ['203.0.113.0/24'],
          to: ['203.0.113.0/24', '198.51.100.0/24'],
        },
      ],
    });

    const after = await snapshotTenantObjects(stack.kubeConfig, slug);
    expect(changedBetween(before, after)).toEqual(previewed);
    expect(changedBetween(before, after)).toEqual([
      'configmap/tenant-config',
      'deployment/tenant-config',
      'ingress/tenant',
      'networkpolicy/allow-ingress-from-cidrs',
    ]);
    const ingress = await namespaceReader(stack.kubeConfig, namespace)(
      'networking.k8s.io/v1',
      'Ingress',
      'tenant',
    );
    expect(JSON.stringify(ingress.metadata.annotations)).toContain(
      '198.51.100.0/24',
    );
    // Once applied, the request's preview has nothing left to apply.
    const afterwards = await api()
      .get(
        `/api/tenants/v1/change-requests/${applied.changeRequest.id}/preview`,
      )
      .set(as(TENANT_ADMIN));
    expect(afterwards.body).toMatchObject({
      diff: [],
      objects: { state: 'in_sync', differences: [] },
    });

    const tenant = (
      await api()
        .get(`/api/tenants/v1/tenants/${tenantId}`)
        .set(as(PLATFORM_ADMIN))
    ).body;
    expect(tenant.spec.security).toEqual({
      authMethod: expect.any(String),
      mfaPolicy: 'required-admins',
      allowedCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
    });
  });
});
