import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubernetesObject } from '@kubernetes/client-node';
import {
  loadKubernetesClient,
  type KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';

/** The kube-apiserver's own counts, from its /metrics. */
export interface ApiserverMetrics {
  /** apiserver_request_total by `VERB resource[.group][/subresource]`. */
  requests: Map<string, number>;
  /** apiserver_request_duration_seconds sum and count of LISTs, by resource. */
  listSeconds: Map<string, { sum: number; count: number }>;
}

async function getMetricsText(kubeConfig: KubeConfig): Promise<string> {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig names no server');
  const options: RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  return new Promise<string>((done, fail) => {
    const req = httpsRequest(`${server}/metrics`, options, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => {
        body += chunk;
      });
      res.on('end', () =>
        res.statusCode === 200
          ? done(body)
          : fail(new Error(`GET /metrics: HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

export async function scrapeApiserver(
  kubeConfig: KubeConfig,
): Promise<ApiserverMetrics> {
  const text = await getMetricsText(kubeConfig);
  const metrics: ApiserverMetrics = {
    requests: new Map(),
    listSeconds: new Map(),
  };
  const line =
    /^(apiserver_request_total|apiserver_request_duration_seconds_sum|apiserver_request_duration_seconds_count)\{([^}]*)\} (\S+)$/gm;
  for (const [, name, labelText, value] of text.matchAll(line)) {
    const labels = Object.fromEntries(
      [...labelText.matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]),
    );
    const resource = `${labels.resource || labels.subresource || '(none)'}${
      labels.group ? `.${labels.group}` : ''
    }${labels.resource && labels.subresource ? `/${labels.subresource}` : ''}`;
    if (name === 'apiserver_request_total') {
      const key = `${labels.verb} ${resource}`;
      metrics.requests.set(
        key,
        (metrics.requests.get(key) ?? 0) + Number(value),
      );
    } else if (labels.verb === 'LIST') {
      const entry = metrics.listSeconds.get(resource) ?? { sum: 0, count: 0 };
      if (name.endsWith('_sum')) entry.sum += Number(value);
      else entry.count += Number(value);
      metrics.listSeconds.set(resource, entry);
    }
  }
  return metrics;
}

/** What happened between two scrapes. */
export function metricsDelta(
  before: ApiserverMetrics,
  after: ApiserverMetrics,
): ApiserverMetrics {
  const requests = new Map<string, number>();
  for (const [key, value] of after.requests) {
    const delta = value - (before.requests.get(key) ?? 0);
    if (delta > 0) requests.set(key, delta);
  }
  const listSeconds = new Map<string, { sum: number; count: number }>();
  for (const [key, value] of after.listSeconds) {
    const was = before.listSeconds.get(key) ?? { sum: 0, count: 0 };
    if (value.count > was.count) {
      listSeconds.set(key, {
        sum: value.sum - was.sum,
        count: value.count - was.count,
      });
    }
  }
  return { requests, listSeconds };
}

/**
 * The `resource[.group]` names (as the apiserver's metrics and the
 * RequestCounter name them) of the kinds of `objects`, found through the
 * client's discovery.
 */
export async function resourceNamesOf(
  kubeConfig: KubeConfig,
  objects: KubernetesObject[],
): Promise<Set<string>> {
  const k8s = await loadKubernetesClient();
  // resource() is protected: the discovery lookup every request makes.
  const objectApi = k8s.KubernetesObjectApi.makeApiClient(
    kubeConfig,
  ) as unknown as {
    resource(
      apiVersion: string,
      kind: string,
    ): Promise<{ name: string } | undefined>;
  };
  const names = new Set<string>();
  for (const o of objects) {
    const resource = await objectApi.resource(o.apiVersion!, o.kind!);
    const group = o.apiVersion!.includes('/')
      ? o.apiVersion!.split('/')[0]
      : '';
    names.add(`${resource?.name}${group ? `.${group}` : ''}`);
  }
  return names;
}
