import { createRenderContext } from './context';
import { renderNamespacePhase } from './renderNamespacePhase';
import { buildSpec, byKind, findObject } from './__testUtils__/fixtures';

const ctx = createRenderContext();

describe('renderNamespacePhase', () => {
  it('renders the namespace, its bounds, isolation and admin access in order', () => {
    const objects = renderNamespacePhase(buildSpec(), ctx);
    expect(objects.map(o => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Namespace/tenant-acme',
      'ResourceQuota/tenant-quota',
      'LimitRange/tenant-limits',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-same-namespace',
      'NetworkPolicy/allow-dns-egress',
      'NetworkPolicy/allow-ingress-controller',
      'NetworkPolicy/allow-datasource-egress',
      'ServiceAccount/tenant-admin',
      'Role/tenant-admin',
      'RoleBinding/tenant-admin',
    ]);
  });

  it('labels the namespace with tier, provider and region', () => {
    const ns = findObject(
      renderNamespacePhase(buildSpec(), ctx),
      'Namespace',
      'tenant-acme',
    );
    expect(ns.metadata.labels).toMatchObject({
      'tenants.dev/tier': 'medium',
      'tenants.dev/provider': 'aws',
      'tenants.dev/region': 'eu-west-1',
    });
    expect(ns.metadata.namespace).toBeUndefined();
  });

  it('sizes quota and limit range by resource tier', () => {
    const quota = (tier: 'small' | 'large') =>
      findObject(
        renderNamespacePhase(
          buildSpec({ infrastructure: { resourceTier: tier } }),
          ctx,
        ),
        'ResourceQuota',
        'tenant-quota',
      ).spec.hard;
    expect(quota('small')).toMatchObject({
      'requests.cpu': '4',
      'limits.memory': '16Gi',
      pods: '20',
      persistentvolumeclaims: '5',
      'requests.storage': '50Gi',
    });
    expect(quota('large')).toMatchObject({
      'requests.cpu': '32',
      pods: '60',
      'requests.storage': '1Ti',
    });
    const limits = findObject(
      renderNamespacePhase(
        buildSpec({ infrastructure: { resourceTier: 'small' } }),
        ctx,
      ),
      'LimitRange',
      'tenant-limits',
    ).spec.limits[0];
    expect(limits).toEqual({
      type: 'Container',
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      _default: { cpu: '500m', memory: '512Mi' },
      max: { cpu: '1', memory: '2Gi' },
    });
  });

  it('allows GPUs in the quota only when the tenant has them', () => {
    const gpuQuota = (gpuEnabled: boolean) =>
      findObject(
        renderNamespacePhase(
          buildSpec({ infrastructure: { gpuEnabled } }),
          ctx,
        ),
        'ResourceQuota',
        'tenant-quota',
      ).spec.hard['requests.nvidia.com/gpu'];
    expect(gpuQuota(false)).toBe('0');
    expect(Number(gpuQuota(true))).toBeGreaterThan(0);
  });

  describe('network policies', () => {
    it('denies everything by default and allows the namespace, DNS and the ingress controller', () => {
      const objects = renderNamespacePhase(buildSpec(), ctx);
      expect(findObject(objects, 'NetworkPolicy', 'default-deny').spec).toEqual(
        {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
        },
      );
      const dns = findObject(objects, 'NetworkPolicy', 'allow-dns-egress').spec;
      expect(dns.egress[0].ports).toEqual([
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ]);
      const controller = findObject(
        objects,
        'NetworkPolicy',
        'allow-ingress-controller',
      ).spec;
      expect(controller.ingress[0]._from).toEqual([
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
          },
        },
      ]);
    });

    it('allows each allowed CIDR in by an ipBlock', () => {
      const objects = renderNamespacePhase(
        buildSpec({
          security: { allowedCidrs: ['10.0.0.0/8', '2001:db8::/32'] },
        }),
        ctx,
      );
      const policy = findObject(
        objects,
        'NetworkPolicy',
        'allow-ingress-from-cidrs',
      );
      expect(policy.spec.ingress[0]._from).toEqual([
        { ipBlock: { cidr: '10.0.0.0/8' } },
        { ipBlock: { cidr: '2001:db8::/32' } },
      ]);
    });

    it('renders no CIDR policy without allowed CIDRs and no data source egress without data sources', () => {
      const names = byKind(
        renderNamespacePhase(buildSpec({ dataSources: [] }), ctx),
        'NetworkPolicy',
      ).map(p => p.metadata.name);
      expect(names).not.toContain('allow-ingress-from-cidrs');
      expect(names).not.toContain('allow-datasource-egress');
    });
  });

  describe('admin access', () => {
    const objects = renderNamespacePhase(buildSpec(), ctx);

    it('binds the tenant-admin role to the service account and the tenant admins group', () => {
      const binding = findObject(objects, 'RoleBinding', 'tenant-admin');
      expect(binding.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'tenant-admin',
      });
      expect(binding.subjects).toEqual([
        {
          kind: 'ServiceAccount',
          name: 'tenant-admin',
          namespace: 'tenant-acme',
        },
        {
          kind: 'Group',
          apiGroup: 'rbac.authorization.k8s.io',
          name: 'acme-admins',
        },
      ]);
    });

    it('grants no wildcard and no way to escalate', () => {
      const rules: any[] = findObject(objects, 'Role', 'tenant-admin').rules;
      for (const rule of rules) {
        expect(rule.verbs).not.toContain('*');
        expect(rule.resources).not.toContain('*');
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['escalate']));
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['bind']));
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['impersonate']));
      }
      const writable = rules
        .filter(
          rule =>
            rule.verbs.includes('create') || rule.verbs.includes('update'),
        )
        .flatMap(rule => rule.resources);
      expect(writable).toEqual(
        expect.arrayContaining(['deployments', 'services', 'secrets']),
      );
      for (const bound of [
        'roles',
        'rolebindings',
        'resourcequotas',
        'limitranges',
        'networkpolicies',
      ]) {
        expect(writable).not.toContain(bound);
      }
    });
  });
});
