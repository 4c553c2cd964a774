import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import { renderSecrets, secretRequirements } from '../render/secrets';
import { mergeSecretValues } from './mergeSecretValues';
import { readExistingSecretValues } from './readExistingSecretValues';

/**
 * The tenant's Secrets with values, ready to apply: those on the cluster are
 * kept, missing generated ones are created randomly, user-provided ones come
 * from `userSecrets` (the scaffolder secrets) or, when not given, from the
 * cluster.
 *
 * @public
 */
export async function secretObjects(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  namespace: string,
  userSecrets: Readonly<Record<string, string | undefined>> = {},
): Promise<V1Secret[]> {
  const requirements = secretRequirements(spec);
  const existing = await readExistingSecretValues(
    kubeConfig,
    namespace,
    requirements.map(r => r.name),
  );
  return renderSecrets(
    spec,
    mergeSecretValues(requirements, existing, userSecrets),
  );
}
