import type { KubeConfig } from '@kubernetes/client-node';
import { cachedCrdNames } from './cachedCrdNames';
import { listCrdNames } from './listCrdNames';

jest.mock('./listCrdNames', () => ({ listCrdNames: jest.fn() }));

const list = jest.mocked(listCrdNames);

function kubeConfig(server: string, user = 'admin') {
  return {
    getCurrentCluster: () => ({ server }),
    getCurrentUser: () => ({ name: user }),
  } as unknown as KubeConfig;
}

const needs = (crd: string) => (names: string[]) => names.includes(crd);

describe('cachedCrdNames', () => {
  beforeEach(() => {
    list.mockReset();
    jest.useRealTimers();
  });

  it('lists once for all KubeConfigs of a cluster and user, and again for another', async () => {
    list.mockResolvedValue(['a.example.io']);
    await expect(cachedCrdNames(kubeConfig('https://one'))).resolves.toEqual([
      'a.example.io',
    ]);
    await cachedCrdNames(kubeConfig('https://one'));
    expect(list).toHaveBeenCalledTimes(1);

    await cachedCrdNames(kubeConfig('https://one', 'viewer'));
    await cachedCrdNames(kubeConfig('https://two'));
    expect(list).toHaveBeenCalledTimes(3);
  });

  it('shares one list between concurrent callers', async () => {
    list.mockResolvedValue([]);
    await Promise.all([
      cachedCrdNames(kubeConfig('https://concurrent')),
      cachedCrdNames(kubeConfig('https://concurrent')),
    ]);
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('lists again when a needed CRD is missing from the cached list', async () => {
    list.mockResolvedValueOnce(['a.example.io']);
    await cachedCrdNames(kubeConfig('https://missing'));

    list.mockResolvedValueOnce(['a.example.io', 'b.example.io']);
    await expect(
      cachedCrdNames(kubeConfig('https://missing'), needs('b.example.io')),
    ).resolves.toEqual(['a.example.io', 'b.example.io']);
    expect(list).toHaveBeenCalledTimes(2);

    // The new list is cached.
    await cachedCrdNames(kubeConfig('https://missing'), needs('b.example.io'));
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('lists again after 30 seconds', async () => {
    jest.useFakeTimers({ now: 0 });
    list.mockResolvedValue([]);
    await cachedCrdNames(kubeConfig('https://expiry'));
    jest.setSystemTime(29_999);
    await cachedCrdNames(kubeConfig('https://expiry'));
    expect(list).toHaveBeenCalledTimes(1);
    jest.setSystemTime(30_000);
    await cachedCrdNames(kubeConfig('https://expiry'));
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed list', async () => {
    list.mockRejectedValueOnce(new Error('connection refused'));
    await expect(cachedCrdNames(kubeConfig('https://failing'))).rejects.toThrow(
      'connection refused',
    );
    list.mockResolvedValueOnce(['a.example.io']);
    await expect(
      cachedCrdNames(kubeConfig('https://failing')),
    ).resolves.toEqual(['a.example.io']);
  });
});
