import { ConfigReader } from '@backstage/config';
import { renderContextFromConfig } from './contextFromConfig';
import { InitialDataError, parseInitialData } from './initialData';

const KEY = 'tenants.initialData';
const parse = (value: unknown) => parseInitialData(value, KEY);

describe('parseInitialData', () => {
  it('fills in every list and turns topic config numbers into text', () => {
    expect(
      parse({
        postgres: {
          databases: [{ name: 'analytics', schemas: ['raw', 'marts'] }],
        },
        kafka: {
          topics: [
            {
              name: 'orders.v1',
              partitions: 6,
              config: {
                'retention.ms': 604800000,
                'cleanup.policy': 'compact',
              },
            },
          ],
        },
      }),
    ).toEqual({
      postgres: {
        databases: [{ name: 'analytics', schemas: ['raw', 'marts'] }],
      },
      kafka: {
        topics: [
          {
            name: 'orders.v1',
            partitions: 6,
            config: {
              'retention.ms': '604800000',
              'cleanup.policy': 'compact',
            },
          },
        ],
      },
      redis: { users: [] },
    });
  });

  it('answers undefined when nothing is declared', () => {
    expect(parse(undefined)).toBeUndefined();
    expect(parse({})).toBeUndefined();
    expect(
      parse({ postgres: { databases: [] }, redis: { users: [] } }),
    ).toBeUndefined();
  });

  it.each([
    [
      { postgres: { databases: [{ name: 'app; DROP DATABASE x' }] } },
      `${KEY}.postgres.databases[0].name: 'app; DROP DATABASE x' is not allowed`,
    ],
    [
      { postgres: { databases: [{ name: 'Analytics' }] } },
      `${KEY}.postgres.databases[0].name: 'Analytics' is not allowed`,
    ],
    [
      { postgres: { databases: [{ name: 'x'.repeat(64) }] } },
      `${KEY}.postgres.databases[0].name`,
    ],
    [
      { postgres: { databases: [{ name: 'template1' }] } },
      `${KEY}.postgres.databases[0].name: 'template1' is a PostgreSQL template database`,
    ],
    [
      { postgres: { databases: [{ name: 'app', schemas: ['ok', '$(id)'] }] } },
      `${KEY}.postgres.databases[0].schemas[1]: '$(id)' is not allowed`,
    ],
    [
      { postgres: { databases: [{ name: 'app', schemas: ['pg_temp2'] }] } },
      `${KEY}.postgres.databases[0].schemas[0]: schema names starting with pg_ are reserved`,
    ],
    [
      { postgres: { databases: [{ name: 'app' }, { name: 'app' }] } },
      `${KEY}.postgres.databases[1]: 'app' is declared twice`,
    ],
    [
      { kafka: { topics: [{ name: 'a b', partitions: 1 }] } },
      `${KEY}.kafka.topics[0].name: 'a b' is not allowed`,
    ],
    [
      { kafka: { topics: [{ name: '--delete', partitions: 1 }] } },
      `${KEY}.kafka.topics[0].name: '--delete' is not allowed`,
    ],
    [
      { kafka: { topics: [{ name: 'events', partitions: 0 }] } },
      `${KEY}.kafka.topics[0].partitions: expected a whole number from 1 to 10000`,
    ],
    [
      { kafka: { topics: [{ name: 'events', partitions: '3' }] } },
      `${KEY}.kafka.topics[0].partitions`,
    ],
    [
      {
        kafka: {
          topics: [{ name: 'events', partitions: 1, replicationFactor: 1.5 }],
        },
      },
      `${KEY}.kafka.topics[0].replicationFactor`,
    ],
    [
      {
        kafka: {
          topics: [{ name: 'events', partitions: 1, config: { 'a b': 'x' } }],
        },
      },
      `${KEY}.kafka.topics[0].config.a b: not a Kafka topic config name`,
    ],
    [
      {
        kafka: {
          topics: [
            {
              name: 'events',
              partitions: 1,
              config: { 'retention.ms': '1 --delete' },
            },
          ],
        },
      },
      `${KEY}.kafka.topics[0].config.retention.ms`,
    ],
    [
      {
        kafka: {
          topics: [
            { name: 'orders.v1', partitions: 1 },
            { name: 'orders_v1', partitions: 1 },
          ],
        },
      },
      `${KEY}.kafka.topics[1]`,
    ],
    [
      { redis: { users: [{ name: 'default', permissions: ['+@all'] }] } },
      `${KEY}.redis.users[0].name: 'default' is the Redis administrator`,
    ],
    [
      { redis: { users: [{ name: 'cache', permissions: ['>secret'] }] } },
      `${KEY}.redis.users[0].permissions[0]: '>secret' is not allowed`,
    ],
    [
      { redis: { users: [{ name: 'cache', permissions: ['nopass'] }] } },
      `${KEY}.redis.users[0].permissions[0]`,
    ],
    [
      { redis: { users: [{ name: 'cache', permissions: ['~a b'] }] } },
      `${KEY}.redis.users[0].permissions[0]`,
    ],
    [
      { redis: { users: [{ name: 'cache', permissions: [] }] } },
      `${KEY}.redis.users[0].permissions: expected at least one ACL rule`,
    ],
    [
      { redis: { users: { name: 'cache' } } },
      `${KEY}.redis.users: expected a list`,
    ],
    [{ postgres: 'app' }, `${KEY}.postgres: expected an object`],
  ])('refuses %j naming the key', (value, message) => {
    expect(() => parse(value)).toThrow(InitialDataError);
    const [key, ...problem] = message.split(': ');
    expect(() => parse(value)).toThrow(
      `Invalid config at '${key}'${
        problem.length ? `: ${problem.join(': ')}` : ''
      }`,
    );
  });

  it('accepts the ACL rules of keys, channels and commands', () => {
    const permissions = [
      '~cache:*',
      '%R~reports:[a-z]*',
      '%RW~session:?',
      '&events:*',
      '+@read',
      '-@dangerous',
      '+get',
      '-flushall',
      '+config|get',
      'resetkeys',
      'allchannels',
    ];
    expect(
      parse({ redis: { users: [{ name: 'app-cache', permissions }] } })?.redis
        .users,
    ).toEqual([{ name: 'app-cache', permissions }]);
  });
});

describe('renderContextFromConfig', () => {
  it('reads tenants.initialData', () => {
    const ctx = renderContextFromConfig(
      new ConfigReader({
        tenants: {
          initialData: {
            redis: { users: [{ name: 'cache', permissions: ['~cache:*'] }] },
          },
        },
      }),
    );
    expect(ctx.initialData?.redis.users).toEqual([
      { name: 'cache', permissions: ['~cache:*'] },
    ]);
  });

  it('stops at an invalid name with an error naming its app-config key', () => {
    expect(() =>
      renderContextFromConfig(
        new ConfigReader({
          tenants: {
            initialData: { postgres: { databases: [{ name: 'x"; --' }] } },
          },
        }),
      ),
    ).toThrow(
      /^Invalid config at 'tenants\.initialData\.postgres\.databases\[0\]\.name': 'x"; --' is not allowed/,
    );
  });

  it('has no initial data without the key', () => {
    expect(
      renderContextFromConfig(new ConfigReader({})).initialData,
    ).toBeUndefined();
  });
});
