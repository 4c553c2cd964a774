import { createRenderContext } from './context';
import {
  renderSecrets,
  renderSecretsPhase,
  secretRequirements,
} from './secrets';
import {
  buildSpec,
  DNS_LABEL,
  sentinelSecretValues,
} from './__testUtils__/fixtures';

const ctx = createRenderContext();

describe('secret requirements', () => {
  it('lists the platform secrets and one per data source', () => {
    const spec = buildSpec();
    expect(secretRequirements(spec)).toEqual([
      {
        name: 'postgres-credentials',
        keys: ['password'],
        stringData: { username: 'tenant', database: 'tenant' },
      },
      { name: 'redis-credentials', keys: ['password'] },
      {
        name: 'kafka-credentials',
        keys: ['password'],
        stringData: { username: 'tenant' },
      },
      { name: 'api-keys', keys: ['admin-api-key', 'service-token'] },
      {
        name: 'datasource-warehouse',
        keys: ['password'],
        stringData: {
          name: 'warehouse',
          type: 'postgresql',
          host: 'db.acme.example',
          port: '5432',
          database: 'analytics',
          user: 'reader',
          tlsMode: 'require',
        },
        userProvided: { password: 'warehousePassword' },
      },
    ]);
  });

  it('asks for no password of a data source without a password secret', () => {
    const spec = buildSpec({
      dataSources: [
        {
          name: 'lake',
          type: 'bigquery',
          host: 'bigquery.googleapis.com',
          port: 443,
          database: 'lake',
          user: 'sa',
        },
      ],
    });
    const lake = secretRequirements(spec).find(
      r => r.name === 'datasource-lake',
    );
    expect(lake?.keys).toEqual([]);
    expect(lake?.userProvided).toBeUndefined();
  });

  it('keeps the Secret name of a long data source name a DNS label', () => {
    const spec = buildSpec({
      dataSources: [
        {
          name: 'd'.repeat(63),
          type: 'mysql',
          host: 'h',
          port: 3306,
          database: 'x',
          user: 'u',
        },
      ],
    });
    const name = secretRequirements(spec)[4].name;
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(DNS_LABEL);
    expect(name.startsWith('datasource-')).toBe(true);
  });
});

describe('renderSecretsPhase', () => {
  it('renders shells with the non-secret entries and the keys still to fill', () => {
    const objects = renderSecretsPhase(buildSpec(), ctx) as any[];
    expect(objects.map(o => o.metadata.name)).toEqual([
      'postgres-credentials',
      'redis-credentials',
      'kafka-credentials',
      'api-keys',
      'datasource-warehouse',
    ]);
    const api = objects[3];
    expect(api.stringData).toEqual({});
    expect(api.metadata.annotations).toEqual({
      'tenants.dev/secret-keys': 'admin-api-key,service-token',
    });
    expect(objects[4].stringData).not.toHaveProperty('password');
    expect(objects[4].type).toBe('Opaque');
  });
});

describe('renderSecrets', () => {
  const spec = buildSpec();

  it('adds the given values to the shells', () => {
    const secrets = renderSecrets(spec, sentinelSecretValues(spec));
    expect(secrets[0].stringData).toEqual({
      username: 'tenant',
      database: 'tenant',
      password: 'SENTINEL-postgres-credentials-password',
    });
    expect(secrets[4].stringData?.password).toBe(
      'SENTINEL-datasource-warehouse-password',
    );
    expect(secrets[4].metadata?.namespace).toBe('tenant-acme');
  });

  it('names a missing value without showing any value', () => {
    const values = sentinelSecretValues(spec);
    const { 'service-token': _omitted, ...apiKeys } = values['api-keys'];
    const attempt = () =>
      renderSecrets(spec, { ...values, 'api-keys': apiKeys });
    expect(attempt).toThrow(
      'Secret api-keys is missing values for: service-token',
    );
    expect(attempt).not.toThrow(/SENTINEL/);
  });

  it('refuses values nobody asked for', () => {
    const values = sentinelSecretValues(spec);
    expect(() =>
      renderSecrets(spec, { ...values, stray: { password: 'x' } }),
    ).toThrow('Values given for unknown secrets: stray');
    expect(() =>
      renderSecrets(spec, {
        ...values,
        'redis-credentials': { password: 'a', username: 'b' },
      }),
    ).toThrow('Secret redis-credentials has no secret keys named: username');
  });
});
