import { createRenderContext } from './context';
import {
  CONFIG_CHECKSUM_ANNOTATION,
  renderControlPlanePhase,
} from './renderControlPlanePhase';
import { buildSpec, findObject } from './__testUtils__/fixtures';

const ctx = createRenderContext();

describe('renderControlPlanePhase', () => {
  it('renders the configuration, the service and its Deployment', () => {
    expect(
      renderControlPlanePhase(buildSpec(), ctx).map(
        o => `${o.kind}/${o.metadata?.name}`,
      ),
    ).toEqual([
      'ConfigMap/tenant-config',
      'Deployment/tenant-config',
      'Service/tenant-config',
    ]);
  });

  it('configures modules, security and data sources by Secret name', () => {
    const config = JSON.parse(
      findObject(
        renderControlPlanePhase(buildSpec(), ctx),
        'ConfigMap',
        'tenant-config',
      ).data['tenant.json'],
    );
    expect(config).toEqual({
      tenant: { name: 'Acme Corp', slug: 'acme', billingTier: 'professional' },
      modules: ['core', 'bi', 'contextGraph'],
      security: {
        authMethod: 'oidc',
        mfaPolicy: 'required-admins',
        allowedCidrs: [],
      },
      dataSources: [
        {
          name: 'warehouse',
          type: 'postgresql',
          secretName: 'datasource-warehouse',
        },
      ],
    });
  });

  it('rolls the pods when the configuration changes, and only then', () => {
    const checksum = (spec: ReturnType<typeof buildSpec>) =>
      findObject(
        renderControlPlanePhase(spec, ctx),
        'Deployment',
        'tenant-config',
      ).spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
    const base = checksum(buildSpec());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(buildSpec())).toBe(base);
    expect(
      checksum(buildSpec({ security: { mfaPolicy: 'required-all' } })),
    ).not.toBe(base);
    expect(checksum(buildSpec({ modules: { ml: true } }))).not.toBe(base);
  });

  it('scales replicas and resources with the tier', () => {
    const deployment = (resourceTier: 'small' | 'large') =>
      findObject(
        renderControlPlanePhase(
          buildSpec({ infrastructure: { resourceTier } }),
          ctx,
        ),
        'Deployment',
        'tenant-config',
      );
    expect(deployment('small').spec.replicas).toBe(1);
    expect(deployment('large').spec.replicas).toBe(3);
    expect(
      deployment('large').spec.template.spec.containers[0].resources.limits,
    ).toEqual({
      cpu: '2',
      memory: '2Gi',
    });
  });
});
