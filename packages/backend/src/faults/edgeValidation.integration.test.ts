import {
  loadKubernetesClient,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { untilNameGone } from '../__testUtils__/dns';
import {
  startFullStack,
  type FullStack,
} from '../__testUtils__/fullStackBackend';
import {
  provisioningSecrets,
  uniqueSuffix,
} from '../__testUtils__/provisioningValues';
import { rollBackToNothing } from '../__testUtils__/rollback';
import {
  logMessages,
  taskStatus,
  untilCompleted,
} from '../__testUtils__/tasks';
import { tenantIdOf } from '../__testUtils__/tenants';
import { as, PLATFORM_ADMIN } from '../__testUtils__/users';
import {
  startFaultCluster,
  type FaultCluster,
} from './__testUtils__/faultCluster';

/**
 * Validation of a tenant's TLS certificate and DNS name against the real
 * controllers, on a cluster and DNS server of this test's own (refusing
 * updates on the shared one would fail other tests' tenants):
 *
 * - the ClusterIssuer the platform names does not exist: cert-manager never
 *   issues the certificate and validation fails naming the certificate check
 *   and the missing issuer; once the issuer exists, a retry passes;
 * - the DNS server refuses external-dns's updates: validation fails naming
 *   the DNS check; once it accepts them again, a retry passes;
 * - rollback removes the DNS record (a query answers NXDOMAIN) and the
 *   certificate's Secret (a listing finds nothing).
 */

jest.setTimeout(900_000);

const asAdmin = as(PLATFORM_ADMIN);
const secrets = provisioningSecrets();
const ISSUER = `edge-ca-${uniqueSuffix()}`;
const DNS = { name: 'tenants-edge-dns', port: 15356 };
const resolver = `127.0.0.1:${DNS.port}`;

let cluster: FaultCluster;
let stack: FullStack;
const api = () => stack.api();

beforeAll(async () => {
  cluster = await startFaultCluster('tenants-edge', { volumes: 40, dns: DNS });
  stack = await startFullStack({
    cluster: 'local-edge',
    kubeconfigPath: cluster.kubeconfigPath,
    readinessTimeoutSeconds: 120,
    templates: ['tenant-provisioning'],
    // The cluster is deleted afterwards, with every tenant object.
    tearDownTenants: false,
    tenants: {
      validation: { dnsResolver: resolver, timeoutSeconds: 20 },
    },
  });
  // What tenants.clusterIssuer would set; the stack renders with this context.
  stack.renderContext.clusterIssuer = ISSUER;
});

afterAll(async () => {
  await stack?.stop();
  await cluster?.dnsUpdates(true).catch(() => {});
  await cluster?.delete();
});

/** Provisions `slug`; resolves the failed task's id, events and the tenant's id. */
async function provisionFailingValidation(slug: string) {
  const taskId = await stack.startProvisioning(asAdmin, { slug, secrets });
  const events = await untilCompleted(api, taskId, asAdmin);
  expect(await taskStatus(api, taskId, asAdmin)).toBe('failed');
  const failures = logMessages(events).filter(l =>
    /^Phase \S+ failed: /.test(l),
  );
  expect(failures).toHaveLength(1);
  return {
    taskId,
    events,
    failure: failures[0],
    id: await tenantIdOf(api, slug, asAdmin),
  };
}

/** Retries the tenant's run; resolves the retry's log once the task completed. */
async function retryToCompletion(
  run: Awaited<ReturnType<typeof provisionFailingValidation>>,
) {
  const retry = await api()
    .post(`/api/tenants/v1/tenants/${run.id}/retry`)
    .set(asAdmin)
    .send({ secrets });
  expect(retry.status).toBe(201);
  const log = logMessages(
    await untilCompleted(api, run.taskId, asAdmin, run.events.at(-1)!.id),
  );
  expect(await taskStatus(api, run.taskId, asAdmin)).toBe('completed');
  return log;
}

it('fails validation naming a missing ClusterIssuer, and passes on retry once it exists', async () => {
  const slug = `ei${uniqueSuffix()}`;
  const run = await provisionFailingValidation(slug);
  expect(run.failure).toMatch(
    new RegExp(
      `^Phase validation failed: 1 of \\d+ health check\\(s\\) failed: certificate/tenant-tls ready \\(not Ready .*"ClusterIssuer" not found: clusterissuer.cert-manager.io "${ISSUER}" not found`,
    ),
  );
  const status = (
    await api().get(`/api/tenants/v1/tenants/${run.id}/status`).set(asAdmin)
  ).body;
  // The check table reached the Tenant tab too.
  expect(status.logs).toContainEqual(
    expect.stringMatching(
      /certificate\/tenant-tls ready +\| FAIL +\| not Ready/,
    ),
  );

  const { KubernetesObjectApi } = await loadKubernetesClient();
  await stack.kubeConfig.makeApiClient(KubernetesObjectApi).create({
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: ISSUER },
    spec: { selfSigned: {} },
  } as any);
  const log = await retryToCompletion(run);
  expect(log).toContainEqual(
    expect.stringMatching(
      new RegExp(
        `^certificate/tenant-tls host +\\| pass +\\| issued for ${slug}\\.tenants\\.localhost$`,
      ),
    ),
  );
});

it('fails validation naming the DNS check while the DNS server refuses updates, passes on retry, and rolls back record and Secret', async () => {
  const slug = `ed${uniqueSuffix()}`;
  const host = `${slug}.tenants.localhost`;
  await cluster.dnsUpdates(false);
  let run;
  try {
    run = await provisionFailingValidation(slug);
  } finally {
    await cluster.dnsUpdates(true);
  }
  expect(run.failure).toBe(
    `Phase validation failed: 1 of ${
      run.failure.match(/of (\d+)/)![1]
    } health check(s) failed: dns/${host} (no such record via ${resolver})`,
  );
  const log = await retryToCompletion(run);
  expect(log).toContainEqual(
    expect.stringMatching(
      new RegExp(
        `^dns/${host.replace(
          /\./g,
          '\\.',
        )} +\\| pass +\\| resolves to 127\\.0\\.0\\.1 via ${resolver}$`,
      ),
    ),
  );

  const ready = (
    await api().get(`/api/tenants/v1/tenants/${run.id}`).set(asAdmin)
  ).body;
  const { CoreV1Api } = await loadKubernetesClient();
  const core = stack.kubeConfig.makeApiClient(CoreV1Api);
  // cert-manager wrote the certificate's Secret (without the tenant's labels).
  await expect(
    core.readNamespacedSecret({
      name: 'tenant-tls',
      namespace: tenantNamespaceName(slug),
    }),
  ).resolves.toMatchObject({ type: 'kubernetes.io/tls' });
  await rollBackToNothing(stack, asAdmin, { id: run.id, spec: ready.spec }, [
    'dnsendpoint/tenant',
    'certificate/tenant-tls',
  ]);
  const secretsLeft = await core.listNamespacedSecret({
    namespace: tenantNamespaceName(slug),
  });
  expect(secretsLeft.items).toEqual([]);
  // external-dns removes the record once the DNSEndpoint is gone.
  await expect(untilNameGone(resolver, host)).resolves.toMatchObject({
    code: 'ENOTFOUND',
  });
});
