import {
  loadKubernetesClient,
  tenantNamespaceName,
  TENANT_LABEL,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { requestApproveApply } from './__testUtils__/changeRequests';
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

/** The kinds a tenant's phases create in its namespace. */
const KINDS = [
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['v1', 'ResourceQuota'],
  ['v1', 'LimitRange'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['policy/v1', 'PodDisruptionBudget'],
] as const;

beforeAll(async () => {
  stack = await startFullStack({
    cluster: 'local-security-change',
    readinessTimeoutSeconds: 180,
    templates: ['tenant-provisioning', 'tenant-change'],
  });
});

afterAll(() => stack?.stop());

/**
 * What the tenant's objects say (`kind/name` → their content without status
 * and the fields the API server maintains), to compare before and after.
 */
async function snapshot(): Promise<Map<string, string>> {
  const { KubernetesObjectApi } = await loadKubernetesClient();
  const client = KubernetesObjectApi.makeApiClient(stack.kubeConfig);
  const contents = new Map<string, string>();
  for (const [apiVersion, kind] of KINDS) {
    const list = await client.list(
      apiVersion,
      kind,
      namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      `${TENANT_LABEL}=${slug}`,
    );
    for (const item of list.items as any[]) {
      const { status: _status, metadata, ...content } = item;
      const { 'deployment.kubernetes.io/revision': _revision, ...annotations } =
        metadata.annotations ?? {};
      contents.set(
        `${kind.toLowerCase()}/${metadata.name}`,
        JSON.stringify({ labels: metadata.labels, annotations, content }),
      );
    }
  }
  return contents;
}

function changedBetween(
  before: Map<string, string>,
  after: Map<string, string>,
) {
  const refs = new Set([...before.keys(), ...after.keys()]);
  return [...refs].filter(ref => before.get(ref) !== after.get(ref)).sort();
}

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
    const before = await snapshot();
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

    const after = await snapshot();
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
