import type { KubernetesObject, V1Container } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import { checksumOf } from './checksum';
import type { RenderContext } from './context';
import {
  KAFKA_CLIENT_PORT,
  KAFKA_CONTROLLER_PORT,
  KAFKA_SERVICE,
  POSTGRES_PORT,
  POSTGRES_SERVICE,
  REDIS_PORT,
  REDIS_SERVICE,
} from './endpoints';
import { tenantNamespaceName } from './labels';
import { service, statefulSet, tcpPort } from './objects';
import { renderDataSetupJobs } from './renderDataSetupJobs';
import {
  containerResources,
  plainEnv,
  podTemplate,
  secretEnv,
} from './podTemplate';
import {
  KAFKA_CREDENTIALS_SECRET,
  POSTGRES_CREDENTIALS_SECRET,
  REDIS_CREDENTIALS_SECRET,
} from './secrets';
import type { StatefulSizing } from './sizing';

const PHASE = 'data-infrastructure';

interface DataStore {
  name: string;
  replicas: number;
  sizing: StatefulSizing;
  container: Omit<V1Container, 'name' | 'resources' | 'volumeMounts'>;
  dataPath: string;
  ports: Array<{ name: string; port: number }>;
  /** Kafka's KRaft quorum only forms once all its voters run. */
  parallel?: boolean;
}

function headlessServiceName(name: string): string {
  return `${name}-headless`;
}

/** A stateful data store: StatefulSet, headless Service for its pods' DNS names, and a client Service. */
function dataStoreObjects(
  spec: TenantSpec,
  ctx: RenderContext,
  store: DataStore,
): KubernetesObject[] {
  const ports = store.ports.map(p => tcpPort(p.name, p.port));
  const template = podTemplate(spec, ctx, {
    app: store.name,
    phase: PHASE,
    containers: [
      {
        name: store.name,
        ...store.container,
        ports: store.ports.map(p => ({
          name: p.name,
          containerPort: p.port,
          protocol: 'TCP',
        })),
        resources: containerResources(store.sizing),
        volumeMounts: [{ name: 'data', mountPath: store.dataPath }],
      },
    ],
  });
  return [
    statefulSet(spec, {
      name: store.name,
      phase: PHASE,
      replicas: store.replicas,
      serviceName: headlessServiceName(store.name),
      template,
      volumeClaim: {
        name: 'data',
        storage: store.sizing.storage,
        storageClassName: ctx.storageClassName,
      },
      parallel: store.parallel,
    }),
    service(spec, {
      name: headlessServiceName(store.name),
      phase: PHASE,
      app: store.name,
      ports,
      headless: true,
    }),
    service(spec, {
      name: store.name,
      phase: PHASE,
      app: store.name,
      ports: ports.filter(p => p.name !== 'controller'),
    }),
  ];
}

function postgres(spec: TenantSpec, ctx: RenderContext): DataStore {
  return {
    name: POSTGRES_SERVICE,
    replicas: 1,
    sizing: ctx.sizing[spec.infrastructure.resourceTier].postgres,
    dataPath: '/var/lib/postgresql/data',
    ports: [{ name: 'postgres', port: POSTGRES_PORT }],
    container: {
      image: ctx.images.postgres,
      env: [
        secretEnv('POSTGRES_USER', POSTGRES_CREDENTIALS_SECRET, 'username'),
        secretEnv('POSTGRES_PASSWORD', POSTGRES_CREDENTIALS_SECRET, 'password'),
        secretEnv('POSTGRES_DB', POSTGRES_CREDENTIALS_SECRET, 'database'),
        // The volume's root holds lost+found on many storage classes, which initdb refuses.
        plainEnv('PGDATA', '/var/lib/postgresql/data/pgdata'),
      ],
      readinessProbe: {
        exec: {
          command: [
            'sh',
            '-c',
            'pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB"',
          ],
        },
        periodSeconds: 10,
      },
    },
  };
}

function redis(spec: TenantSpec, ctx: RenderContext): DataStore {
  return {
    name: REDIS_SERVICE,
    replicas: 1,
    sizing: ctx.sizing[spec.infrastructure.resourceTier].redis,
    dataPath: '/data',
    ports: [{ name: 'redis', port: REDIS_PORT }],
    container: {
      image: ctx.images.redis,
      // Kubernetes expands $(REDIS_PASSWORD) from the env var, so the password stays in the Secret.
      args: ['--requirepass', '$(REDIS_PASSWORD)', '--appendonly', 'yes'],
      env: [
        secretEnv('REDIS_PASSWORD', REDIS_CREDENTIALS_SECRET, 'password'),
        // redis-cli reads the password from here, keeping it off the probe's command line.
        secretEnv('REDISCLI_AUTH', REDIS_CREDENTIALS_SECRET, 'password'),
      ],
      readinessProbe: {
        exec: { command: ['redis-cli', 'ping'] },
        periodSeconds: 10,
      },
    },
  };
}

/** KRaft cluster ids are 16 bytes in URL-safe base64; derived from the namespace so re-runs keep it. */
function kafkaClusterId(spec: TenantSpec): string {
  const hex = checksumOf(`${tenantNamespaceName(spec.details.slug)}/kafka`);
  return Buffer.from(hex.slice(0, 32), 'hex').toString('base64url');
}

function kafka(spec: TenantSpec, ctx: RenderContext): DataStore {
  const sizing = ctx.sizing[spec.infrastructure.resourceTier];
  const replicas = sizing.replicas.kafka;
  const headless = `${headlessServiceName(KAFKA_SERVICE)}.${tenantNamespaceName(
    spec.details.slug,
  )}.svc`;
  const voters = Array.from(
    { length: replicas },
    (_, id) =>
      `${id}@${KAFKA_SERVICE}-${id}.${headless}:${KAFKA_CONTROLLER_PORT}`,
  ).join(',');
  const jaas =
    'org.apache.kafka.common.security.plain.PlainLoginModule required ' +
    'username="$(KAFKA_USERNAME)" password="$(KAFKA_PASSWORD)" ' +
    'user_$(KAFKA_USERNAME)="$(KAFKA_PASSWORD)";';
  return {
    name: KAFKA_SERVICE,
    replicas,
    sizing: sizing.kafka,
    dataPath: '/var/lib/kafka/data',
    parallel: true,
    ports: [
      { name: 'kafka', port: KAFKA_CLIENT_PORT },
      { name: 'controller', port: KAFKA_CONTROLLER_PORT },
    ],
    container: {
      image: ctx.images.kafka,
      env: [
        {
          name: 'POD_NAME',
          valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
        },
        {
          name: 'KAFKA_NODE_ID',
          valueFrom: {
            fieldRef: {
              fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']",
            },
          },
        },
        secretEnv('KAFKA_USERNAME', KAFKA_CREDENTIALS_SECRET, 'username'),
        secretEnv('KAFKA_PASSWORD', KAFKA_CREDENTIALS_SECRET, 'password'),
        plainEnv('CLUSTER_ID', kafkaClusterId(spec)),
        plainEnv('KAFKA_PROCESS_ROLES', 'broker,controller'),
        plainEnv('KAFKA_CONTROLLER_QUORUM_VOTERS', voters),
        plainEnv('KAFKA_CONTROLLER_LISTENER_NAMES', 'CONTROLLER'),
        plainEnv(
          'KAFKA_LISTENERS',
          `CLIENT://:${KAFKA_CLIENT_PORT},CONTROLLER://:${KAFKA_CONTROLLER_PORT}`,
        ),
        plainEnv(
          'KAFKA_ADVERTISED_LISTENERS',
          `CLIENT://$(POD_NAME).${headless}:${KAFKA_CLIENT_PORT}`,
        ),
        plainEnv(
          'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP',
          'CLIENT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
        ),
        plainEnv('KAFKA_INTER_BROKER_LISTENER_NAME', 'CLIENT'),
        plainEnv('KAFKA_SASL_ENABLED_MECHANISMS', 'PLAIN'),
        plainEnv('KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL', 'PLAIN'),
        plainEnv('KAFKA_LISTENER_NAME_CLIENT_PLAIN_SASL_JAAS_CONFIG', jaas),
        plainEnv(
          'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
          Math.min(replicas, 3),
        ),
        plainEnv(
          'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
          Math.min(replicas, 3),
        ),
        plainEnv('KAFKA_TRANSACTION_STATE_LOG_MIN_ISR', Math.min(replicas, 2)),
        plainEnv('KAFKA_LOG_DIRS', '/var/lib/kafka/data/logs'),
      ],
      readinessProbe: {
        tcpSocket: { port: 'kafka' },
        periodSeconds: 10,
      },
    },
  };
}

/**
 * Phase 3: the tenant's PostgreSQL, Redis and Kafka (KRaft, each broker also
 * a controller), sized by the resource tier, and last the Jobs of the
 * initial data setup (see {@link renderDataSetupJobs}), which the phase
 * applies once the data stores are ready.
 *
 * @public
 */
export function renderDataInfrastructurePhase(
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  return [
    ...[postgres, redis, kafka].flatMap(store =>
      dataStoreObjects(spec, ctx, store(spec, ctx)),
    ),
    ...renderDataSetupJobs(spec, ctx),
  ];
}
