import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';

/**
 * tenants-node with its two cluster reads, `listCrdNames` (a cluster
 * without CRDs until a test says otherwise) and `readExistingSecretValues`, as
 * `jest.fn()`s, and the package's
 * `cachedCrdNames` and `secretObjects` routed through them: the package calls
 * the reads inside its own modules, which a mock of its public entry point
 * does not reach. `cachedCrdNames` lists on every call (no cache between
 * tests); `secretObjects` composes the package's own secret rendering over the
 * mocked read. A test mocks the package with it by
 * `jest.mock('@tenant-platform/backstage-plugin-tenants-node', () => ({
 * ...jest.requireActual('<path>/mockClusterReads').mockClusterReads(), ... }))`.
 */
export function mockClusterReads() {
  const actual = jest.requireActual(
    '@tenant-platform/backstage-plugin-tenants-node',
  );
  const listCrdNames = jest.fn(async (_kubeConfig: unknown) => [] as string[]);
  const readExistingSecretValues = jest.fn();
  return {
    ...actual,
    listCrdNames,
    readExistingSecretValues,
    cachedCrdNames: (kubeConfig: unknown) => listCrdNames(kubeConfig),
    secretObjects: async (
      kubeConfig: unknown,
      spec: TenantSpec,
      namespace: string,
      userSecrets: Readonly<Record<string, string | undefined>> = {},
    ) => {
      const requirements = actual.secretRequirements(spec);
      const existing = await readExistingSecretValues(
        kubeConfig,
        namespace,
        requirements.map((r: { name: string }) => r.name),
      );
      return actual.renderSecrets(
        spec,
        actual.mergeSecretValues(requirements, existing, userSecrets),
      );
    },
  };
}
