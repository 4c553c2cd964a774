import { dataSourceFacts, MASK, passwordState, specFacts } from './facts';

const warehouse = {
  name: 'warehouse',
  type: 'postgresql' as const,
  host: 'db.acme.example',
  port: 5432,
  database: 'analytics',
  user: 'reporting',
  tlsMode: 'require' as const,
  passwordSecret: 'dataSourcePassword_warehouse',
};

describe('the password of a data source in a spec summary', () => {
  it('is set when its secret is named, unless the wizard no longer holds it', () => {
    expect(passwordState(warehouse)).toBe('set');
    expect(
      passwordState(warehouse, { dataSourcePassword_warehouse: 'pw' }),
    ).toBe('set');
    expect(passwordState(warehouse, {})).toBe('missing');
    expect(passwordState({ passwordSecret: undefined }, {})).toBe('none');
  });

  it('is masked, and neither the password nor the secret name is shown', () => {
    const secrets = { dataSourcePassword_warehouse: 'Sup3r-Secret!' };
    const [[, line]] = dataSourceFacts([warehouse], secrets);
    expect(line).toBe(
      `PostgreSQL · db.acme.example:5432/analytics · user reporting · TLS Required · password ${MASK}`,
    );
    expect(line).not.toContain('Sup3r-Secret!');
    expect(line).not.toContain('dataSourcePassword_warehouse');
  });
});

describe('specFacts', () => {
  const spec = {
    details: {
      name: 'Acme Analytics',
      slug: 'acme',
      billingTier: 'enterprise' as const,
      adminEmail: 'admin@acme.example',
    },
    infrastructure: { region: 'nearest' },
    modules: { ml: true },
    security: { authMethod: 'oidc' as const, mfaPolicy: 'optional' as const },
  };

  it('shows the cluster Nearest resolves to with the region, and a placed tenant’s cluster in a row of its own', () => {
    expect(
      specFacts(spec, { nearestCluster: 'aks-weu-1' }).infrastructure,
    ).toContainEqual(['Region', 'Nearest (cluster aks-weu-1)']);
    const placed = specFacts(spec, { placement: { cluster: undefined } });
    expect(placed.infrastructure.slice(1, 3)).toEqual([
      ['Region', 'Nearest'],
      ['Cluster', '—'],
    ]);
    expect(
      specFacts(spec).infrastructure.map(([label]) => label),
    ).not.toContain('Cluster');
  });

  it('fills in the modules’ defaults and an open network', () => {
    const facts = specFacts(spec);
    expect(facts.modules).toContainEqual(['ML Platform', 'Enabled']);
    expect(facts.modules).toContainEqual(['Core (AI + Agents)', 'Enabled']);
    expect(facts.modules).toContainEqual(['Data Platform', 'Disabled']);
    expect(facts.security).toContainEqual([
      'Allowed network ranges',
      'Open (no restriction)',
    ]);
    expect(facts.details).toContainEqual(['Description', '—']);
  });
});
