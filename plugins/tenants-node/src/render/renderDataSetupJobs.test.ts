import type { V1Job } from '@kubernetes/client-node';
import { FAULT_INJECTION_LABEL } from '../kubernetes/faults';
import { buildSpec } from './__testUtils__/fixtures';
import { createRenderContext, type RenderContextOptions } from './context';
import {
  KAFKA_SETUP_SCRIPT,
  POSTGRES_SETUP_SCRIPT,
  REDIS_SETUP_SCRIPT,
} from './dataSetupScripts';
import type { InitialDataDeclaration } from './initialData';
import { renderDataInfrastructurePhase } from './renderDataInfrastructurePhase';
import {
  DATA_SETUP_ANNOTATION,
  isDataSetupJob,
  renderDataSetupJobs,
} from './renderDataSetupJobs';
import { secretRequirements } from './secrets';

const initialData: InitialDataDeclaration = {
  postgres: {
    databases: [
      { name: 'analytics', schemas: ['raw', 'marts'] },
      { name: 'audit', schemas: ['events'] },
    ],
  },
  kafka: {
    topics: [
      { name: 'orders', partitions: 6, config: { 'retention.ms': 86400000 } },
      { name: 'events', partitions: 3, replicationFactor: 1 },
    ],
  },
  redis: { users: [{ name: 'cache', permissions: ['~cache:*', '+@read'] }] },
};

const spec = buildSpec();
const render = (options: RenderContextOptions = {}, tenant = spec) =>
  renderDataSetupJobs(tenant, createRenderContext({ initialData, ...options }));
const jobOf = (jobs: V1Job[], workload: string) =>
  jobs.find(
    job => job.metadata?.labels?.['app.kubernetes.io/name'] === workload,
  )!;
const containerOf = (job: V1Job) => job.spec!.template.spec!.containers[0];

describe('renderDataSetupJobs', () => {
  it('renders nothing, and leaves the phase as it was, without initial data', () => {
    const ctx = createRenderContext();
    expect(renderDataSetupJobs(spec, ctx)).toEqual([]);
    expect(
      renderDataInfrastructurePhase(spec, ctx).filter(isDataSetupJob),
    ).toEqual([]);
    expect(secretRequirements(spec, ctx).map(r => r.name)).not.toContain(
      'redis-users',
    );
  });

  it('renders one Job per data store with something to set up, last in the phase', () => {
    const jobs = render();
    expect(jobs.map(job => job.metadata?.name)).toEqual([
      expect.stringMatching(/^data-setup-postgres-[0-9a-f]{8}$/),
      expect.stringMatching(/^data-setup-kafka-[0-9a-f]{8}$/),
      expect.stringMatching(/^data-setup-redis-[0-9a-f]{8}$/),
    ]);
    expect(
      jobs.map(job => job.metadata?.annotations?.[DATA_SETUP_ANNOTATION]),
    ).toEqual(['2 database(s), 3 schema(s)', '2 topic(s)', '1 Redis user(s)']);
    const phase = renderDataInfrastructurePhase(
      spec,
      createRenderContext({ initialData }),
    );
    expect(phase.slice(-3)).toEqual(jobs);
    expect(
      renderDataSetupJobs(
        spec,
        createRenderContext({ initialData: { kafka: initialData.kafka } }),
      ).map(job => job.metadata?.labels?.['app.kubernetes.io/name']),
    ).toEqual(['data-setup-kafka']);
  });

  it('labels Jobs and pods as the tenant’s, fails a Job after one retry and never restarts its pod', () => {
    for (const job of render()) {
      expect(job.metadata).toMatchObject({
        namespace: 'tenant-acme',
        labels: {
          'tenants.dev/tenant': 'acme',
          'tenants.dev/phase': 'data-infrastructure',
          'app.kubernetes.io/component': 'data-setup',
        },
      });
      expect(job.spec).toMatchObject({
        backoffLimit: 1,
        template: {
          metadata: { labels: { 'tenants.dev/tenant': 'acme' } },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
          },
        },
      });
      expect(containerOf(job).terminationMessagePolicy).toBe(
        'FallbackToLogsOnError',
      );
    }
  });

  it('passes the declared names as arguments to a fixed script, with the data store’s image', () => {
    const ctx = createRenderContext({ initialData });
    const jobs = render();
    const postgres = containerOf(jobOf(jobs, 'data-setup-postgres'));
    expect(postgres.image).toBe(ctx.images.postgres);
    expect(postgres.command).toEqual([
      'sh',
      '-c',
      POSTGRES_SETUP_SCRIPT,
      'data-setup-postgres',
    ]);
    expect(postgres.args).toEqual(['analytics raw marts', 'audit events']);

    const kafka = containerOf(jobOf(jobs, 'data-setup-kafka'));
    expect(kafka.image).toBe(ctx.images.kafka);
    expect(kafka.command?.[2]).toBe(KAFKA_SETUP_SCRIPT);
    // A medium tenant has one broker: the default replication factor is 1.
    expect(kafka.args).toEqual([
      'orders 6 1 retention.ms=86400000',
      'events 3 1',
    ]);

    const redis = containerOf(jobOf(jobs, 'data-setup-redis'));
    expect(redis.image).toBe(ctx.images.redis);
    expect(redis.command?.[2]).toBe(REDIS_SETUP_SCRIPT);
    expect(redis.args).toEqual(['cache ~cache:* +@read']);
  });

  it('replicates topics over up to 3 brokers by default', () => {
    const large = buildSpec({ infrastructure: { resourceTier: 'large' } });
    expect(
      containerOf(jobOf(render({}, large), 'data-setup-kafka')).args,
    ).toEqual(['orders 6 3 retention.ms=86400000', 'events 3 1']);
  });

  it('takes every credential from the tenant’s Secrets, never as a value', () => {
    const jobs = render();
    const secretRefs = (job: V1Job) =>
      Object.fromEntries(
        (containerOf(job).env ?? [])
          .filter(e => e.valueFrom)
          .map(e => [
            e.name,
            `${e.valueFrom?.secretKeyRef?.name}/${e.valueFrom?.secretKeyRef?.key}`,
          ]),
      );
    expect(secretRefs(jobOf(jobs, 'data-setup-postgres'))).toEqual({
      PGUSER: 'postgres-credentials/username',
      PGPASSWORD: 'postgres-credentials/password',
      PGDATABASE: 'postgres-credentials/database',
    });
    expect(secretRefs(jobOf(jobs, 'data-setup-kafka'))).toEqual({
      KAFKA_USERNAME: 'kafka-credentials/username',
      KAFKA_PASSWORD: 'kafka-credentials/password',
    });
    const redis = jobOf(jobs, 'data-setup-redis');
    expect(secretRefs(redis)).toEqual({
      REDISCLI_AUTH: 'redis-credentials/password',
    });
    expect(redis.spec?.template.spec?.volumes).toEqual([
      {
        name: 'redis-users',
        secret: { secretName: 'redis-users', defaultMode: 0o400 },
      },
    ]);
    expect(containerOf(redis).volumeMounts).toEqual([
      { name: 'redis-users', mountPath: '/etc/redis-users', readOnly: true },
    ]);
    for (const job of jobs) {
      const plain = (containerOf(job).env ?? []).filter(e => !e.valueFrom);
      expect(plain.map(e => e.name)).not.toContainEqual(
        expect.stringMatching(/PASSWORD|AUTH/),
      );
    }
  });

  it('asks the secrets phase for one password per Redis user', () => {
    const ctx = createRenderContext({ initialData });
    expect(
      secretRequirements(spec, ctx).find(r => r.name === 'redis-users'),
    ).toEqual({ name: 'redis-users', keys: ['cache'] });
  });

  it('names each Job after its content, so that a change makes a new Job', () => {
    const names = (jobs: V1Job[]) => jobs.map(job => job.metadata?.name);
    expect(names(render())).toEqual(names(render()));

    const moreSchemas = render({
      initialData: {
        ...initialData,
        postgres: { databases: [{ name: 'analytics', schemas: ['raw'] }] },
      },
    });
    expect(names(moreSchemas)[0]).not.toBe(names(render())[0]);
    expect(names(moreSchemas).slice(1)).toEqual(names(render()).slice(1));

    const newImage = render({ images: { postgres: 'postgres:17' } });
    expect(names(newImage)[0]).not.toBe(names(render())[0]);
  });

  it('injects faults into the data-setup pods by workload name', () => {
    const jobs = render({
      injectedFaults: { 'data-setup-postgres': 'container-fail' },
    });
    expect(
      jobOf(jobs, 'data-setup-postgres').spec?.template.metadata?.labels?.[
        FAULT_INJECTION_LABEL
      ],
    ).toBe('container-fail');
    expect(
      jobOf(jobs, 'data-setup-kafka').spec?.template.metadata?.labels?.[
        FAULT_INJECTION_LABEL
      ],
    ).toBeUndefined();
    expect(jobOf(jobs, 'data-setup-postgres').metadata?.name).not.toBe(
      jobOf(render(), 'data-setup-postgres').metadata?.name,
    );
  });

  it('refuses invalid initial data given in code too', () => {
    expect(() =>
      createRenderContext({
        initialData: { postgres: { databases: [{ name: 'a-b' }] } },
      }),
    ).toThrow(
      "Invalid config at 'initialData.postgres.databases[0].name': 'a-b'",
    );
  });
});
