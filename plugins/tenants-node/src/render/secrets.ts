import type { KubernetesObject, V1Secret } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import type { RenderContext } from './context';
import { boundedDnsLabel } from './names';
import { objectMeta } from './objects';

/** @public */
export const POSTGRES_CREDENTIALS_SECRET = 'postgres-credentials';
/** @public */
export const REDIS_CREDENTIALS_SECRET = 'redis-credentials';
/** @public */
export const KAFKA_CREDENTIALS_SECRET = 'kafka-credentials';
/** @public */
export const API_KEYS_SECRET = 'api-keys';
/** The passwords of the Redis ACL users of `tenants.initialData`, one key per user. @public */
export const REDIS_USERS_SECRET = 'redis-users';

/** Name of the Secret holding a data source's connection: `datasource-<name>`. @public */
export function dataSourceSecretName(dataSourceName: string): string {
  return boundedDnsLabel(`datasource-${dataSourceName}`);
}

/** Annotation on a Secret listing the keys whose values are secret. @public */
export const SECRET_KEYS_ANNOTATION = 'tenants.dev/secret-keys';

/**
 * A Secret a tenant needs, without its secret values: the step that applies
 * it generates (or takes from the user) one value per key, once, and keeps
 * them stable across re-runs.
 *
 * @public
 */
export interface SecretRequirement {
  name: string;
  /** Keys whose values are secret and supplied when the Secret is rendered. */
  keys: string[];
  /** Entries that are not secret (user names, hosts, ports), stored as they are. */
  stringData?: Record<string, string>;
  /**
   * Keys whose value the user supplies, mapped to the scaffolder secret
   * holding it; every other key gets a generated random value.
   */
  userProvided?: Record<string, string>;
}

/** Secret values by Secret name and key. @public */
export type SecretValues = Readonly<
  Record<string, Readonly<Record<string, string>>>
>;

/** The database and user names of the tenant's own PostgreSQL and Kafka. */
const TENANT_USER = 'tenant';

/**
 * The Secrets a tenant needs, in a stable order; with Redis users in
 * `ctx.initialData`, also their passwords.
 *
 * @public
 */
export function secretRequirements(
  spec: TenantSpec,
  ctx?: Pick<RenderContext, 'initialData'>,
): SecretRequirement[] {
  const redisUsers = ctx?.initialData?.redis.users ?? [];
  return [
    {
      name: POSTGRES_CREDENTIALS_SECRET,
      keys: ['password'],
      stringData: { username: TENANT_USER, database: TENANT_USER },
    },
    { name: REDIS_CREDENTIALS_SECRET, keys: ['password'] },
    ...(redisUsers.length > 0
      ? [{ name: REDIS_USERS_SECRET, keys: redisUsers.map(u => u.name) }]
      : []),
    {
      name: KAFKA_CREDENTIALS_SECRET,
      keys: ['password'],
      stringData: { username: TENANT_USER },
    },
    { name: API_KEYS_SECRET, keys: ['admin-api-key', 'service-token'] },
    ...spec.dataSources.map(
      (source): SecretRequirement => ({
        name: dataSourceSecretName(source.name),
        keys: source.passwordSecret ? ['password'] : [],
        stringData: {
          name: source.name,
          type: source.type,
          host: source.host,
          port: String(source.port),
          database: source.database,
          user: source.user,
          tlsMode: source.tlsMode,
        },
        ...(source.passwordSecret
          ? { userProvided: { password: source.passwordSecret } }
          : {}),
      }),
    ),
  ];
}

function secretObject(
  spec: TenantSpec,
  requirement: SecretRequirement,
  stringData: Record<string, string>,
): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(spec, 'secrets', requirement.name, {
      annotations: { [SECRET_KEYS_ANNOTATION]: requirement.keys.join(',') },
    }),
    type: 'Opaque',
    stringData,
  };
}

/**
 * The secrets phase's objects for previews and dry runs: every Secret the
 * tenant needs with its non-secret entries only. What is applied is
 * {@link renderSecrets}, which adds the values.
 *
 * @public
 */
export function renderSecretsPhase(
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  return secretRequirements(spec, ctx).map(requirement =>
    secretObject(spec, requirement, { ...requirement.stringData }),
  );
}

/**
 * The tenant's Secrets with their values (`ctx` as for
 * {@link secretRequirements}). Throws, naming the Secret and key but never a
 * value, when a value is missing or not asked for.
 *
 * @public
 */
export function renderSecrets(
  spec: TenantSpec,
  values: SecretValues,
  ctx?: Pick<RenderContext, 'initialData'>,
): V1Secret[] {
  const requirements = secretRequirements(spec, ctx);
  const known = new Set(requirements.map(r => r.name));
  const unknown = Object.keys(values).filter(name => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`Values given for unknown secrets: ${unknown.join(', ')}`);
  }
  return requirements.map(requirement => {
    const given = values[requirement.name] ?? {};
    const missing = requirement.keys.filter(key => !given[key]);
    if (missing.length > 0) {
      throw new Error(
        `Secret ${requirement.name} is missing values for: ${missing.join(
          ', ',
        )}`,
      );
    }
    const extra = Object.keys(given).filter(
      key => !requirement.keys.includes(key),
    );
    if (extra.length > 0) {
      throw new Error(
        `Secret ${requirement.name} has no secret keys named: ${extra.join(
          ', ',
        )}`,
      );
    }
    return secretObject(spec, requirement, {
      ...requirement.stringData,
      ...Object.fromEntries(requirement.keys.map(key => [key, given[key]])),
    });
  });
}
