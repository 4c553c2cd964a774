import type {
  V1Container,
  V1EnvVar,
  V1Job,
  V1Volume,
} from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import { checksumOf } from './checksum';
import type { RenderContext } from './context';
import {
  KAFKA_SERVICE,
  KAFKA_CLIENT_PORT,
  POSTGRES_PORT,
  POSTGRES_SERVICE,
  REDIS_PORT,
  REDIS_SERVICE,
} from './endpoints';
import {
  KAFKA_SETUP_SCRIPT,
  POSTGRES_SETUP_SCRIPT,
  REDIS_SETUP_SCRIPT,
} from './dataSetupScripts';
import type { InitialData } from './initialData';
import { APP_NAME_LABEL } from './labels';
import { objectMeta } from './objects';
import { plainEnv, podTemplate, secretEnv } from './podTemplate';
import {
  KAFKA_CREDENTIALS_SECRET,
  POSTGRES_CREDENTIALS_SECRET,
  REDIS_CREDENTIALS_SECRET,
  REDIS_USERS_SECRET,
} from './secrets';

const PHASE = 'data-infrastructure';

const COMPONENT_LABEL = 'app.kubernetes.io/component';
const DATA_SETUP_COMPONENT = 'data-setup';

/** Label selector of the data-setup Jobs. @public */
export const DATA_SETUP_SELECTOR = `${COMPONENT_LABEL}=${DATA_SETUP_COMPONENT}`;

/** Annotation of a data-setup Job telling what it sets up, e.g. `2 database(s), 3 schema(s)`. @public */
export const DATA_SETUP_ANNOTATION = 'tenants.dev/data-setup';

/**
 * The data-setup workloads, one Job each when there is something to set up;
 * their pods carry these names as `app.kubernetes.io/name`, and fault
 * injection knows them by it.
 *
 * @public
 */
export const DATA_SETUP_WORKLOADS = [
  'data-setup-postgres',
  'data-setup-kafka',
  'data-setup-redis',
] as const;

/** A data-setup Job fails after its first pod and one retry failed. */
const BACKOFF_LIMIT = 1;
const ACTIVE_DEADLINE_SECONDS = 300;
const HASH_LENGTH = 8;
const REDIS_USERS_PATH = '/etc/redis-users';

interface DataSetup {
  workload: (typeof DATA_SETUP_WORKLOADS)[number];
  image: string;
  script: string;
  /** One argument per entry to set up, its words separated by spaces. */
  entries: string[];
  env: V1EnvVar[];
  summary: string;
  volume?: V1Volume;
}

function postgresSetup(
  data: InitialData,
  ctx: RenderContext,
): DataSetup | undefined {
  const { databases } = data.postgres;
  if (databases.length === 0) return undefined;
  const schemas = databases.reduce((n, db) => n + db.schemas.length, 0);
  return {
    workload: 'data-setup-postgres',
    image: ctx.images.postgres,
    script: POSTGRES_SETUP_SCRIPT,
    entries: databases.map(db => [db.name, ...db.schemas].join(' ')),
    env: [
      plainEnv('PGHOST', POSTGRES_SERVICE),
      plainEnv('PGPORT', POSTGRES_PORT),
      plainEnv('PGCONNECT_TIMEOUT', 10),
      secretEnv('PGUSER', POSTGRES_CREDENTIALS_SECRET, 'username'),
      secretEnv('PGPASSWORD', POSTGRES_CREDENTIALS_SECRET, 'password'),
      secretEnv('PGDATABASE', POSTGRES_CREDENTIALS_SECRET, 'database'),
    ],
    summary: `${databases.length} database(s), ${schemas} schema(s)`,
  };
}

function kafkaSetup(
  data: InitialData,
  spec: TenantSpec,
  ctx: RenderContext,
): DataSetup | undefined {
  const { topics } = data.kafka;
  if (topics.length === 0) return undefined;
  const brokers = ctx.sizing[spec.infrastructure.resourceTier].replicas.kafka;
  return {
    workload: 'data-setup-kafka',
    image: ctx.images.kafka,
    script: KAFKA_SETUP_SCRIPT,
    entries: topics.map(topic =>
      [
        topic.name,
        topic.partitions,
        topic.replicationFactor ?? Math.min(brokers, 3),
        ...Object.entries(topic.config).map(
          ([key, value]) => `${key}=${value}`,
        ),
      ].join(' '),
    ),
    env: [
      plainEnv(
        'KAFKA_BOOTSTRAP_SERVER',
        `${KAFKA_SERVICE}:${KAFKA_CLIENT_PORT}`,
      ),
      secretEnv('KAFKA_USERNAME', KAFKA_CREDENTIALS_SECRET, 'username'),
      secretEnv('KAFKA_PASSWORD', KAFKA_CREDENTIALS_SECRET, 'password'),
    ],
    summary: `${topics.length} topic(s)`,
  };
}

function redisSetup(
  data: InitialData,
  ctx: RenderContext,
): DataSetup | undefined {
  const { users } = data.redis;
  if (users.length === 0) return undefined;
  return {
    workload: 'data-setup-redis',
    image: ctx.images.redis,
    script: REDIS_SETUP_SCRIPT,
    entries: users.map(user => [user.name, ...user.permissions].join(' ')),
    env: [
      plainEnv('REDIS_HOST', REDIS_SERVICE),
      plainEnv('REDIS_PORT', REDIS_PORT),
      secretEnv('REDISCLI_AUTH', REDIS_CREDENTIALS_SECRET, 'password'),
    ],
    volume: {
      name: 'redis-users',
      secret: { secretName: REDIS_USERS_SECRET, defaultMode: 0o400 },
    },
    summary: `${users.length} Redis user(s)`,
  };
}

function dataSetupJob(
  spec: TenantSpec,
  ctx: RenderContext,
  setup: DataSetup,
): V1Job {
  const container: V1Container = {
    name: 'data-setup',
    image: setup.image,
    command: ['sh', '-c', setup.script, setup.workload],
    args: setup.entries,
    env: setup.env,
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    },
    // The script's last lines, e.g. psql's error, become the failed pod's reason.
    terminationMessagePolicy: 'FallbackToLogsOnError',
    ...(setup.volume
      ? {
          volumeMounts: [
            {
              name: setup.volume.name,
              mountPath: REDIS_USERS_PATH,
              readOnly: true,
            },
          ],
        }
      : {}),
  };
  const template = podTemplate(spec, ctx, {
    app: setup.workload,
    phase: PHASE,
    containers: [container],
    ...(setup.volume ? { volumes: [setup.volume] } : {}),
  });
  const jobSpec = {
    backoffLimit: BACKOFF_LIMIT,
    activeDeadlineSeconds: ACTIVE_DEADLINE_SECONDS,
    template: {
      ...template,
      spec: { ...template.spec!, restartPolicy: 'Never' },
    },
  };
  // A Job's pod template cannot change: a new content is a new Job.
  const name = `${setup.workload}-${checksumOf(jobSpec).slice(0, HASH_LENGTH)}`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: objectMeta(spec, PHASE, name, {
      labels: {
        [APP_NAME_LABEL]: setup.workload,
        [COMPONENT_LABEL]: DATA_SETUP_COMPONENT,
      },
      annotations: { [DATA_SETUP_ANNOTATION]: setup.summary },
    }),
    spec: jobSpec,
  };
}

/**
 * The initial data setup of the data-infrastructure phase: one idempotent
 * Job per data store with something to set up (`ctx.initialData`), each
 * named after its workload and a hash of its spec. They run once the data
 * stores are ready: PostgreSQL databases and schemas with psql, Kafka topics
 * with kafka-topics.sh, Redis ACL users with redis-cli, each with the data
 * store's own image and the tenant's credentials from its Secrets.
 *
 * @public
 */
export function renderDataSetupJobs(
  spec: TenantSpec,
  ctx: RenderContext,
): V1Job[] {
  const data = ctx.initialData;
  if (!data) return [];
  return [
    postgresSetup(data, ctx),
    kafkaSetup(data, spec, ctx),
    redisSetup(data, ctx),
  ].flatMap(setup => (setup ? [dataSetupJob(spec, ctx, setup)] : []));
}

/** Whether an object is a data-setup Job (rendered or live). @public */
export function isDataSetupJob(object: {
  kind?: string;
  metadata?: { annotations?: Record<string, string> };
}): boolean {
  return (
    object.kind === 'Job' &&
    object.metadata?.annotations?.[DATA_SETUP_ANNOTATION] !== undefined
  );
}
