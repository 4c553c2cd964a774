import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../render/labels';
import { decodeSecretData } from './readExistingSecretValues';

/*
 * Staged passwords of data-source change requests: the template
 * `tenant-data-source-change` writes the password a tenant admin typed (a
 * scaffolder secret) into a Secret of the tenant's namespace before it files
 * the request, which names that Secret; `tenant:apply-change` moves the value
 * into the data source's Secret and deletes the staged one, and the Tenant
 * Service deletes it when the request is rejected. The staged Secrets carry
 * none of the tenant labels, so drift checks, repairs and pruning leave them
 * alone; the tenant's teardown removes them with its namespace.
 */

/** Label of a staged password's Secret: the data source it is for. @public */
export const STAGED_PASSWORD_LABEL = 'tenants.dev/staged-password';
/** Label of a staged password's Secret: the tenant's slug. @public */
export const STAGED_FOR_TENANT_LABEL = 'tenants.dev/staged-for';
/** Label of a staged password's Secret: the change request naming it, once filed. @public */
export const STAGED_FOR_CHANGE_REQUEST_LABEL = 'tenants.dev/change-request';
/** Annotation of a staged password's Secret: who staged it. @public */
export const STAGED_BY_ANNOTATION = 'tenants.dev/staged-by';

/** The key of a staged password's Secret holding the password. */
const PASSWORD_KEY = 'password';

const isNotFound = (error: unknown) =>
  (error as { code?: number })?.code === 404;

async function coreApi(kubeConfig: KubeConfig) {
  const k8s = await loadKubernetesClient();
  return kubeConfig.makeApiClient(k8s.CoreV1Api);
}

/**
 * Writes a staged password into its Secret in the tenant's namespace
 * (replacing one of the same name, which a retried task writes again).
 * Never logs or returns the value.
 *
 * @public
 */
export async function stagePassword(
  kubeConfig: KubeConfig,
  options: {
    namespace: string;
    slug: string;
    dataSource: string;
    secretName: string;
    password: string;
    stagedBy: string;
  },
): Promise<void> {
  const api = await coreApi(kubeConfig);
  const body: V1Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: options.secretName,
      namespace: options.namespace,
      labels: {
        [MANAGED_BY_LABEL]: FIELD_MANAGER,
        [STAGED_PASSWORD_LABEL]: options.dataSource,
        [STAGED_FOR_TENANT_LABEL]: options.slug,
      },
      annotations: { [STAGED_BY_ANNOTATION]: options.stagedBy },
    },
    type: 'Opaque',
    stringData: { [PASSWORD_KEY]: options.password },
  };
  try {
    await api.createNamespacedSecret({ namespace: options.namespace, body });
  } catch (error) {
    if ((error as { code?: number })?.code !== 409) throw error;
    await api.replaceNamespacedSecret({
      name: options.secretName,
      namespace: options.namespace,
      body,
    });
  }
}

async function readStaged(
  kubeConfig: KubeConfig,
  namespace: string,
  secretName: string,
): Promise<V1Secret | undefined> {
  const api = await coreApi(kubeConfig);
  try {
    return await api.readNamespacedSecret({ name: secretName, namespace });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Whether a Secret is a staged password of the data source with a value. */
function isStagedFor(secret: V1Secret | undefined, dataSource: string) {
  return (
    secret?.metadata?.labels?.[STAGED_PASSWORD_LABEL] === dataSource &&
    Boolean(secret.data?.[PASSWORD_KEY])
  );
}

/**
 * The staged passwords among `staged` that are not in the namespace (or are
 * not staged passwords of their data source, or hold no password). Reads
 * only whether they exist; no value leaves this function.
 *
 * @public
 */
export async function missingStagedPasswords(
  kubeConfig: KubeConfig,
  namespace: string,
  staged: ReadonlyArray<{ dataSource: string; secretName: string }>,
): Promise<Array<{ dataSource: string; secretName: string }>> {
  const missing = [];
  for (const item of staged) {
    const secret = await readStaged(kubeConfig, namespace, item.secretName);
    if (!isStagedFor(secret, item.dataSource)) missing.push(item);
  }
  return missing;
}

/**
 * The staged passwords' values by the Secret's name (what a data source's
 * `passwordSecret` names), to render the data sources' Secrets with. Throws
 * naming each staged Secret that is gone, never a value.
 *
 * @public
 */
export async function readStagedPasswords(
  kubeConfig: KubeConfig,
  namespace: string,
  staged: ReadonlyArray<{ dataSource: string; secretName: string }>,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const item of staged) {
    const secret = await readStaged(kubeConfig, namespace, item.secretName);
    if (isStagedFor(secret, item.dataSource)) {
      values[item.secretName] = decodeSecretData(secret!.data)[PASSWORD_KEY];
    } else {
      missing.push(
        `${item.secretName} (the password of data source ${item.dataSource})`,
      );
    }
  }
  if (missing.length) {
    throw new Error(
      `The staged password Secret ${missing.join(
        ', ',
      )} is not in namespace ${namespace}: it was deleted, or the change was already applied. Reject this change request and file the data source again with the template tenant-data-source-change`,
    );
  }
  return values;
}

/**
 * Labels staged passwords with the change request that names them
 * (`tenants.dev/change-request`), for whoever looks at the namespace.
 *
 * @public
 */
export async function labelStagedPasswords(
  kubeConfig: KubeConfig,
  namespace: string,
  secretNames: readonly string[],
  changeRequestId: string,
): Promise<void> {
  const api = await coreApi(kubeConfig);
  for (const name of secretNames) {
    const secret = await readStaged(kubeConfig, namespace, name);
    if (!secret?.metadata?.labels?.[STAGED_PASSWORD_LABEL]) continue;
    secret.metadata.labels[STAGED_FOR_CHANGE_REQUEST_LABEL] = changeRequestId;
    await api.replaceNamespacedSecret({ name, namespace, body: secret });
  }
}

/**
 * Deletes staged passwords (those that are gone already are skipped; a
 * Secret that is not a staged password is never deleted); answers the names
 * it deleted.
 *
 * @public
 */
export async function deleteStagedPasswords(
  kubeConfig: KubeConfig,
  namespace: string,
  secretNames: readonly string[],
): Promise<string[]> {
  const api = await coreApi(kubeConfig);
  const deleted: string[] = [];
  for (const name of secretNames) {
    const secret = await readStaged(kubeConfig, namespace, name);
    if (!secret?.metadata?.labels?.[STAGED_PASSWORD_LABEL]) continue;
    try {
      await api.deleteNamespacedSecret({ name, namespace });
      deleted.push(name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return deleted;
}
