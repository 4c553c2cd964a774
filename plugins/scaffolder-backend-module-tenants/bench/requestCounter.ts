import type { KubeConfig } from '@tenant-platform/backstage-plugin-tenants-node';

/** One HTTP request made to the kube-apiserver through an instrumented KubeConfig. */
export interface RecordedRequest {
  /** What the benchmark was doing, e.g. the tenant and phase. */
  scope: string;
  /** e.g. `get`, `list`, `watch`, `patch`, `discovery`. */
  verb: string;
  /** e.g. `deployments.apps`, `secrets`, `apps/v1` (for discovery). */
  resource: string;
  /** Milliseconds on the benchmark's clock (performance.now()). */
  at: number;
  method: string;
  path: string;
}

type RequestContextLike = Parameters<
  KubeConfig['applySecurityAuthentication']
>[0];

/**
 * Classifies a request by verb and resource from its method and URL, the way
 * the apiserver's audit log would: `/api/v1/namespaces/x/secrets/y` GET is
 * `get secrets`, `/apis/apps/v1/namespaces/x/deployments?watch=true` is
 * `watch deployments.apps`, `/apis/apps/v1` is `discovery apps/v1`.
 */
export function classifyRequest(
  method: string,
  url: string,
): { verb: string; resource: string; path: string } {
  const parsed = new URL(url, 'https://apiserver.invalid');
  const parts = parsed.pathname.split('/').filter(Boolean);
  let group = '';
  let rest: string[];
  if (parts[0] === 'api') {
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    rest = parts.slice(3);
  } else {
    return {
      verb: method.toLowerCase(),
      resource: parsed.pathname,
      path: parsed.pathname,
    };
  }
  if (rest.length === 0) {
    const apiVersion = parts.slice(1).join('/');
    return { verb: 'discovery', resource: apiVersion, path: parsed.pathname };
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  const [plural, name, subresource] = rest;
  const resource = `${plural}${group ? `.${group}` : ''}${
    subresource ? `/${subresource}` : ''
  }`;
  const watch = parsed.searchParams.get('watch') === 'true';
  const verb = (() => {
    switch (method.toUpperCase()) {
      case 'GET':
        if (watch) return 'watch';
        return name ? 'get' : 'list';
      case 'POST':
        return 'create';
      case 'PUT':
        return 'update';
      case 'PATCH':
        return 'patch';
      case 'DELETE':
        return name ? 'delete' : 'deletecollection';
      default:
        return method.toLowerCase();
    }
  })();
  return { verb, resource, path: parsed.pathname };
}

/**
 * Counts every HTTP request that code makes to the kube-apiserver through the
 * KubeConfigs it instruments.
 *
 * With `@kubernetes/client-node` 2.0.1 every request goes through exactly one
 * call on the KubeConfig before it is sent: the generated API clients
 * (`makeApiClient`), `KubernetesObjectApi` (including its discovery requests)
 * and `Watch` call `applySecurityAuthentication(requestContext)` once per
 * request; the WebSocket and protobuf clients (exec, attach, port-forward,
 * not used by provisioning) call `applyToHTTPSOptions(opts)` instead. (There
 * is no `applyToFetchOptions` in 2.0.1.) Wrapping those two methods on the
 * instance therefore sees every request, watches included.
 */
export class RequestCounter {
  readonly requests: RecordedRequest[] = [];
  /** Attributed to every request recorded from now on. */
  scope = 'unscoped';

  constructor(private readonly clock: () => number) {}

  instrument(kubeConfig: KubeConfig): KubeConfig {
    const applySecurityAuthentication =
      kubeConfig.applySecurityAuthentication.bind(kubeConfig);
    const applyToHTTPSOptions = kubeConfig.applyToHTTPSOptions.bind(kubeConfig);
    kubeConfig.applySecurityAuthentication = async (
      context: RequestContextLike,
    ) => {
      this.record(context.getHttpMethod(), context.getUrl());
      return applySecurityAuthentication(context);
    };
    kubeConfig.applyToHTTPSOptions = async opts => {
      const path = (opts as { path?: string }).path ?? '/websocket';
      this.record('WEBSOCKET', path);
      return applyToHTTPSOptions(opts);
    };
    return kubeConfig;
  }

  private record(method: string, url: string) {
    const { verb, resource, path } = classifyRequest(String(method), url);
    this.requests.push({
      scope: this.scope,
      verb,
      resource,
      at: this.clock(),
      method: String(method),
      path,
    });
  }

  /** Requests whose scope satisfies the predicate. */
  where(predicate: (scope: string) => boolean): RecordedRequest[] {
    return this.requests.filter(r => predicate(r.scope));
  }
}

/** Counts of requests by `verb resource`, most frequent first. */
export function breakdown(
  requests: RecordedRequest[],
): Array<{ key: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const key = `${r.verb} ${r.resource}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
