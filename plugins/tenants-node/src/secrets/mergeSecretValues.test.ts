import { mergeSecretValues } from './mergeSecretValues';

describe('mergeSecretValues', () => {
  const requirements = [
    { name: 'postgres-credentials', keys: ['password'] },
    { name: 'api-keys', keys: ['admin-api-key', 'service-token'] },
    {
      name: 'datasource-warehouse',
      keys: ['password'],
      userProvided: { password: 'warehousePassword' },
    },
  ];
  let counter = 0;
  const generate = () => `generated-${++counter}`;

  it('keeps existing values and generates only missing keys', () => {
    const values = mergeSecretValues(
      requirements,
      {
        'postgres-credentials': { password: 'kept', username: 'tenant' },
        'api-keys': { 'admin-api-key': 'kept-key' },
      },
      { warehousePassword: 'from-user' },
      generate,
    );
    expect(values).toEqual({
      'postgres-credentials': { password: 'kept' },
      'api-keys': {
        'admin-api-key': 'kept-key',
        'service-token': 'generated-1',
      },
      'datasource-warehouse': { password: 'from-user' },
    });
  });

  it('generates distinct random values by default', () => {
    const a = mergeSecretValues(requirements.slice(0, 2), {}, {});
    const b = mergeSecretValues(requirements.slice(0, 2), {}, {});
    expect(a['postgres-credentials'].password).toHaveLength(43);
    expect(a['postgres-credentials'].password).not.toBe(
      b['postgres-credentials'].password,
    );
  });

  it('fails naming the missing scaffolder secret, unless the cluster has the value', () => {
    expect(() => mergeSecretValues(requirements, {}, {}, generate)).toThrow(
      "Secret datasource-warehouse needs key 'password' from the scaffolder secret 'warehousePassword', which was not provided",
    );
    expect(
      mergeSecretValues(
        requirements,
        { 'datasource-warehouse': { password: 'on-cluster' } },
        {},
        generate,
      )['datasource-warehouse'],
    ).toEqual({ password: 'on-cluster' });
  });
});
