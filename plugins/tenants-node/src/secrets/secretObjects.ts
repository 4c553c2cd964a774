import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import type { RenderContext } from '../render/context';
import { renderSecrets, secretRequirements } from '../render/secrets';
import { mergeSecretValues } from './mergeSecretValues';
import { readExistingSecretValues } from './readExistingSecretValues';

/**
 * The tenant's Secrets with values, ready to apply: those on the cluster are
 * kept, missing generated ones are created randomly, user-provided ones come
 * from `userSecrets` (the scaffolder secrets) or, when not given, from the
 * cluster. `ctx` adds the Secrets its initial data needs.
 *
 * @public
 */
export async function secretObjects(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  namespace: string,
  userSecrets: Readonly<Record<string, string | undefined>> = {},
  ctx?: Pick<RenderContext, 'initialData'>,
): Promise<V1Secret[]> {
  const requirements = secretRequirements(spec, ctx);
  const existing = await readExistingSecretValues(
    kubeConfig,
    namespace,
    requirements.map(r => r.name),
  );
  return renderSecrets(
    spec,
    mergeSecretValues(requirements, existing, userSecrets),
    ctx,
  );
}
