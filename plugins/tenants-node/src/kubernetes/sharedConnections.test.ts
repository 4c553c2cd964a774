import type { KubeConfig } from '@kubernetes/client-node';
import { withSharedConnections } from './sharedConnections';

type Internals = {
  createDispatcher(cluster: unknown, options: object): unknown;
};

/** A stand-in for the client's KubeConfig: a new pool on every call. */
function fakeKubeConfig(): KubeConfig {
  let made = 0;
  return {
    createDispatcher: () => ({ pool: ++made }),
  } as unknown as KubeConfig;
}

const poolOf = (kubeConfig: KubeConfig, server: string, options: object) =>
  (kubeConfig as unknown as Internals).createDispatcher({ server }, options);

describe('withSharedConnections', () => {
  it('gives every view the same pool for the same cluster and TLS identity', () => {
    const a = withSharedConnections(fakeKubeConfig());
    const b = withSharedConnections(fakeKubeConfig());
    const options = { ca: 'CA', cert: 'CERT', key: 'KEY' };
    const unique = `https://shared-${Math.random()}:6443`;
    expect(poolOf(a, unique, options)).toBe(poolOf(b, unique, { ...options }));
  });

  it('gives another server or another client certificate a pool of its own', () => {
    const view = withSharedConnections(fakeKubeConfig());
    const server = `https://own-${Math.random()}:6443`;
    const first = poolOf(view, server, { cert: 'CERT-1', key: 'KEY-1' });
    expect(poolOf(view, server, { cert: 'CERT-2', key: 'KEY-2' })).not.toBe(
      first,
    );
    expect(
      poolOf(view, `${server}/other`, { cert: 'CERT-1', key: 'KEY-1' }),
    ).not.toBe(first);
  });
});
