import { createRenderContext } from './context';
import { renderDataInfrastructurePhase } from './renderDataInfrastructurePhase';
import {
  buildSpec,
  findObject,
  podTemplatesOf,
} from './__testUtils__/fixtures';

const ctx = createRenderContext();
const render = (resourceTier: 'small' | 'medium' | 'large') =>
  renderDataInfrastructurePhase(
    buildSpec({ infrastructure: { resourceTier } }),
    ctx,
  );

describe('renderDataInfrastructurePhase', () => {
  it('renders a StatefulSet, headless Service and client Service per data store', () => {
    expect(render('medium').map(o => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'StatefulSet/postgres',
      'Service/postgres-headless',
      'Service/postgres',
      'StatefulSet/redis',
      'Service/redis-headless',
      'Service/redis',
      'StatefulSet/kafka',
      'Service/kafka-headless',
      'Service/kafka',
    ]);
  });

  it('gives every StatefulSet its headless Service and a readiness probe', () => {
    const objects = render('medium');
    for (const name of ['postgres', 'redis', 'kafka']) {
      const set = findObject(objects, 'StatefulSet', name);
      const headless = findObject(objects, 'Service', set.spec.serviceName);
      expect(headless.spec.clusterIP).toBe('None');
      expect(headless.spec.selector).toEqual(set.spec.selector.matchLabels);
      expect(set.spec.template.spec.containers[0].readinessProbe).toBeDefined();
    }
  });

  it('sizes volumes and resources by tier', () => {
    const storage = (tier: 'small' | 'large', name: string) =>
      findObject(render(tier), 'StatefulSet', name).spec.volumeClaimTemplates[0]
        .spec.resources.requests.storage;
    expect(storage('small', 'postgres')).toBe('10Gi');
    expect(storage('large', 'postgres')).toBe('200Gi');
    expect(storage('small', 'kafka')).toBe('10Gi');
    expect(storage('large', 'redis')).toBe('20Gi');

    const resources = (tier: 'small' | 'large') =>
      findObject(render(tier), 'StatefulSet', 'postgres').spec.template.spec
        .containers[0].resources;
    expect(resources('small')).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
    expect(resources('large').limits).toEqual({ cpu: '4', memory: '8Gi' });
  });

  it('runs one combined Kafka broker and controller for small tenants and a quorum of three for large', () => {
    const kafka = (tier: 'small' | 'large') =>
      findObject(render(tier), 'StatefulSet', 'kafka');
    const env = (set: any) =>
      Object.fromEntries(
        set.spec.template.spec.containers[0].env.map((e: any) => [
          e.name,
          e.value,
        ]),
      );
    expect(kafka('small').spec.replicas).toBe(1);
    expect(env(kafka('small'))).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS:
        '0@kafka-0.kafka-headless.tenant-acme.svc:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    });
    expect(kafka('large').spec.replicas).toBe(3);
    expect(kafka('large').spec.podManagementPolicy).toBe('Parallel');
    expect(
      env(kafka('large')).KAFKA_CONTROLLER_QUORUM_VOTERS.split(','),
    ).toHaveLength(3);
    expect(env(kafka('large')).CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(env(kafka('large')).CLUSTER_ID).toBe(env(kafka('small')).CLUSTER_ID);
  });

  it('reads every credential from the secrets by reference', () => {
    const refs = podTemplatesOf(render('medium')).flatMap(p =>
      p.containers.flatMap(c =>
        (c.env ?? [])
          .filter(e => e.valueFrom?.secretKeyRef)
          .map(
            e =>
              `${p.owner} ${e.name}=${e.valueFrom!.secretKeyRef!.name}/${
                e.valueFrom!.secretKeyRef!.key
              }`,
          ),
      ),
    );
    expect(refs).toEqual([
      'StatefulSet/postgres POSTGRES_USER=postgres-credentials/username',
      'StatefulSet/postgres POSTGRES_PASSWORD=postgres-credentials/password',
      'StatefulSet/postgres POSTGRES_DB=postgres-credentials/database',
      'StatefulSet/redis REDIS_PASSWORD=redis-credentials/password',
      'StatefulSet/redis REDISCLI_AUTH=redis-credentials/password',
      'StatefulSet/kafka KAFKA_USERNAME=kafka-credentials/username',
      'StatefulSet/kafka KAFKA_PASSWORD=kafka-credentials/password',
    ]);
  });

  it('uses the StorageClass of the context, or the cluster default', () => {
    const claim = (storageClassName?: string) =>
      findObject(
        renderDataInfrastructurePhase(
          buildSpec(),
          createRenderContext({ storageClassName }),
        ),
        'StatefulSet',
        'postgres',
      ).spec.volumeClaimTemplates[0].spec;
    expect(claim().storageClassName).toBeUndefined();
    expect(claim('fast-ssd').storageClassName).toBe('fast-ssd');
  });

  it('keeps the Kafka controller port off the client Service', () => {
    const client = findObject(render('small'), 'Service', 'kafka');
    expect(client.spec.ports.map((p: any) => p.name)).toEqual(['kafka']);
  });
});
