import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  loadTestKubeConfig,
  uniqueNamespace,
} from '../__testUtils__/testKubeConfig';
import { followCollection } from './followCollection';
import { loadKubernetesClient } from './loadKubernetesClient';
import { subscribeToCollection } from './sharedCollections';

jest.setTimeout(60_000);

type RequestContextLike = Parameters<
  KubeConfig['applySecurityAuthentication']
>[0];

/** Records the URL of every request made through the KubeConfig. */
function countRequests(kubeConfig: KubeConfig): string[] {
  const urls: string[] = [];
  const apply = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
  kubeConfig.applySecurityAuthentication = async (ctx: RequestContextLike) => {
    urls.push(ctx.getUrl());
    return apply(ctx);
  };
  return urls;
}

const configMap = (namespace: string, name: string, value: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels: { 'follow-test': 'yes' } },
  data: { value },
});

/** Resolves with the objects once `test` accepts them. */
function objectsWhen(
  test: (objects: KubernetesObject[]) => boolean,
): [Promise<KubernetesObject[]>, (objects: KubernetesObject[]) => void] {
  let resolve!: (objects: KubernetesObject[]) => void;
  const promise = new Promise<KubernetesObject[]>(r => {
    resolve = r;
  });
  return [promise, objects => test(objects) && resolve(objects)];
}

const names = (objects: KubernetesObject[]) =>
  objects.map(o => o.metadata?.name).sort();

/**
 * A loopback proxy to the test cluster's API server that refuses, like an API
 * server with the WatchList feature turned off, every watch that asks for its
 * initial events; everything else goes through with the test user's
 * credentials.
 */
async function proxyWithoutWatchList(
  upstream: KubeConfig,
): Promise<{ kubeConfig: KubeConfig; refused: string[]; server: Server }> {
  const k8s = await loadKubernetesClient();
  const refused: string[] = [];
  const tls: Record<string, unknown> = {};
  await upstream.applyToHTTPSOptions(tls as any);
  const target = new URL(upstream.getCurrentCluster()!.server);
  const server = createServer((req, res) => {
    if (req.url?.includes('sendInitialEvents=true')) {
      refused.push(req.url);
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 422 }));
      return;
    }
    const forward = httpsRequest(
      {
        ...tls,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      // Plain HTTP on loopback; the client refuses it unless told to skip TLS.
      {
        name: 'proxy',
        server: `http://127.0.0.1:${port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'proxy' }],
    contexts: [{ name: 'proxy', cluster: 'proxy', user: 'proxy' }],
    currentContext: 'proxy',
  });
  return { kubeConfig, refused, server };
}

describe('following collections against the local cluster', () => {
  let kubeConfig: KubeConfig;
  let core: InstanceType<
    Awaited<ReturnType<typeof loadKubernetesClient>>['CoreV1Api']
  >;
  let namespace: string;

  beforeAll(async () => {
    const k8s = await loadKubernetesClient();
    kubeConfig = await loadTestKubeConfig();
    core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    namespace = uniqueNamespace('follow');
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await core.createNamespacedConfigMap({
      namespace,
      body: configMap(namespace, 'first', '1'),
    });
  });

  afterAll(async () => {
    await core.deleteNamespace({ name: namespace });
  });

  it('streams the current objects and then their changes over one watch', async () => {
    const followed = await loadTestKubeConfig();
    const urls = countRequests(followed);
    const [initial, onInitial] = objectsWhen(o => o.length === 1);
    const [changed, onChanged] = objectsWhen(o => o.length === 2);
    const stop = await followCollection(
      followed,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace,
        labelSelector: 'follow-test=yes',
      },
      {
        onObjects: objects => {
          onInitial(objects);
          onChanged(objects);
        },
        onError: error => {
          throw error;
        },
      },
    );
    try {
      expect(names(await initial)).toEqual(['first']);
      expect((await initial)[0].kind).toBe('ConfigMap');
      await core.createNamespacedConfigMap({
        namespace,
        body: configMap(namespace, 'second', '2'),
      });
      expect(names(await changed)).toEqual(['first', 'second']);
      const requests = urls.filter(url => url.includes('/configmaps'));
      expect(requests).toHaveLength(1);
      expect(requests[0]).toContain('watch=true');
      expect(requests[0]).toContain('sendInitialEvents=true');
    } finally {
      stop();
      await core.deleteNamespacedConfigMap({ namespace, name: 'second' });
    }
  });

  it('lists and then watches where the API server refuses to stream the initial objects', async () => {
    const proxy = await proxyWithoutWatchList(kubeConfig);
    const urls = countRequests(proxy.kubeConfig);
    const [initial, onInitial] = objectsWhen(o => o.length === 1);
    const [changed, onChanged] = objectsWhen(
      o =>
        o.find(c => c.metadata?.name === 'first')?.metadata?.labels?.changed ===
        'yes',
    );
    const stop = await followCollection(
      proxy.kubeConfig,
      { apiVersion: 'v1', kind: 'ConfigMap', namespace },
      {
        onObjects: objects => {
          const ours = objects.filter(o => o.metadata?.name === 'first');
          onInitial(ours);
          onChanged(ours);
        },
        onError: error => {
          throw error;
        },
      },
    );
    try {
      expect(names(await initial)).toEqual(['first']);
      await core.patchNamespacedConfigMap(
        {
          namespace,
          name: 'first',
          body: [{ op: 'add', path: '/metadata/labels/changed', value: 'yes' }],
        },
        undefined,
      );
      await changed;
      expect(proxy.refused).toHaveLength(1);
      const requests = urls.filter(url => url.includes('/configmaps'));
      expect(
        requests.map(url => new URL(url).searchParams.get('watch')),
      ).toEqual(['true', null, 'true']);
    } finally {
      stop();
      proxy.server.close();
      proxy.server.closeAllConnections();
    }
  });

  it('serves every subscriber of the same objects from one watch', async () => {
    const first = await loadTestKubeConfig();
    const second = await loadTestKubeConfig();
    const urls = [...[first, second].map(countRequests)];
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace,
      labelSelector: 'follow-test=yes,shared=yes',
    };
    await core.createNamespacedConfigMap({
      namespace,
      body: {
        ...configMap(namespace, 'shared', '1'),
        metadata: {
          name: 'shared',
          namespace,
          labels: { 'follow-test': 'yes', shared: 'yes' },
        },
      },
    });
    const fail = (error: Error) => {
      throw error;
    };
    const [seenByFirst, onFirst] = objectsWhen(o => o.length === 1);
    const leaveFirst = subscribeToCollection(first, ref, {
      onObjects: onFirst,
      onError: fail,
    });
    await seenByFirst;
    const [seenBySecond, onSecond] = objectsWhen(o => o.length === 1);
    const leaveSecond = subscribeToCollection(second, ref, {
      onObjects: onSecond,
      onError: fail,
    });
    try {
      expect(names(await seenBySecond)).toEqual(['shared']);
      const requests = urls.flat().filter(url => url.includes('/configmaps'));
      expect(requests).toHaveLength(1);
    } finally {
      leaveFirst();
      leaveSecond();
    }
  });
});
