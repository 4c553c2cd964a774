import fs from 'node:fs';
import path from 'node:path';
import {
  createRenderContext,
  type InitialDataDeclaration,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { parse as parseYaml } from 'yaml';
import {
  localClusterConfig,
  requireLocalCluster,
  type KubeConfig,
} from '../../__testUtils__/localCluster';
import {
  dropDatabases,
  requirePostgresUrl,
} from '../../__testUtils__/postgres';
import { uniqueSuffix } from '../../__testUtils__/provisioningValues';
import { PLATFORM_ADMIN } from '../../__testUtils__/users';
import {
  freePort,
  signInAs,
  startBackendProcess,
  stopBackendProcesses,
  untilInCatalog,
  type BackendProcess,
} from './backendProcess';

/** The cluster as app-config.faults.yaml names it. */
const CLUSTER = 'local-azure';

/**
 * What the fault tests that run the real backend as child processes
 * (backendProcess.ts) share: the local test cluster, databases of their own
 * on the test command's PostgreSQL, and the render context the backends
 * render with.
 */
export interface ProcessStack {
  /** The shared local test cluster the backends provision on. */
  kubeConfig: KubeConfig;
  /** What the backends render with (app-config.yaml's tenants.baseDomain). */
  renderContext: RenderContext;
  /** The template the backends' catalog serves from the repository. */
  templateRef: string;
  databaseUrl: string;
  /** Every plugin's database is `<prefix><plugin id>`, shared by every instance. */
  databasePrefix: string;
  /** Starts an instance of the backend on these databases; on `port`, or a free one. */
  start(name: string, port?: number): Promise<BackendProcess>;
  /** Stops every instance still running, then drops the databases. */
  stop(): Promise<void>;
}

/** The `tenants` section of the repository's app-config.yaml, which the backends read. */
function appConfigTenants(): { initialData?: InitialDataDeclaration } {
  const file = path.resolve(__dirname, '../../../../../app-config.yaml');
  return parseYaml(fs.readFileSync(file, 'utf8')).tenants ?? {};
}

/** Checks that the cluster answers and PostgreSQL is there; starts no backend yet. */
export async function prepareProcessStack(): Promise<ProcessStack> {
  const databaseUrl = requirePostgresUrl();
  const config = localClusterConfig({
    cluster: CLUSTER,
    readinessTimeoutSeconds: 120,
  });
  const kubeConfig = await requireLocalCluster(config, CLUSTER);
  const databasePrefix = `faults_${uniqueSuffix()}_`;
  return {
    kubeConfig,
    renderContext: createRenderContext({
      baseDomain: 'tenants.localhost',
      initialData: appConfigTenants().initialData,
    }),
    templateRef: 'template:default/tenant-provisioning',
    databaseUrl,
    databasePrefix,
    start: async (name, port) =>
      startBackendProcess({
        name,
        port: port ?? (await freePort()),
        databaseUrl,
        databasePrefix,
        kubeconfigPath: config.tenants.clusters[0].kubeconfigPath,
      }),
    stop: async () => {
      await stopBackendProcesses();
      await dropDatabases(databaseUrl, databasePrefix);
    },
  };
}

/**
 * Signs in to `backend` as the platform admin once its catalog serves the
 * provisioning template; resolves the headers to provision with.
 */
export async function signInToProvision(
  backend: BackendProcess,
): Promise<Record<string, string>> {
  const headers = await signInAs(backend.api, PLATFORM_ADMIN);
  await untilInCatalog(
    backend.api,
    headers,
    'template/default/tenant-provisioning',
  );
  return headers;
}
