/**
 * tenants-node with every function that reaches the cluster mocked: the
 * cluster serves every CustomResourceDefinition the phases require, applies
 * nothing, and every workload and health check is ready. A test mocks the
 * package with it by `jest.mock('@tenant-platform/backstage-plugin-tenants-node',
 * () => jest.requireActual('<path>/mockClusterAccess').mockClusterAccess())`.
 */
export function mockClusterAccess() {
  const actual = jest.requireActual(
    '@tenant-platform/backstage-plugin-tenants-node',
  );
  const crds = [actual.CERTIFICATES_CRD, actual.DNS_ENDPOINTS_CRD];
  return {
    ...actual,
    listCrdNames: jest.fn(async () => crds),
    cachedCrdNames: jest.fn(async () => crds),
    namespaceExists: jest.fn(async () => true),
    applyObjects: jest.fn(async () => []),
    secretObjects: jest.fn(async () => []),
    waitForWorkloads: jest.fn(async () => {}),
    prepareStatefulSetStorage: jest.fn(async () => ({
      recreated: [],
      expanded: [],
      kept: [],
    })),
    pruneObjects: jest.fn(async () => []),
    workloadChecks: jest.fn(async () => [
      { check: 'deployment/api', ok: true, detail: 'Current: 1/1 ready' },
    ]),
    endpointChecks: jest.fn(async () => []),
    certificateChecks: jest.fn(async () => [
      { check: 'certificate/tenant-tls ready', ok: true, detail: 'Ready' },
    ]),
    dnsChecks: jest.fn(async () => [
      { check: 'dns/acme.tenants.localhost', ok: true, detail: 'resolves' },
    ]),
  };
}
