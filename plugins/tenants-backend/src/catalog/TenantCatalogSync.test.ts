import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantCatalogSync } from './TenantCatalogSync';

describe('TenantCatalogSync', () => {
  it('publishes snapshots in order, even when an earlier read is slower', async () => {
    const published: string[][] = [];
    const reads = [
      () => new Promise<string[]>(r => setTimeout(() => r(['old']), 30)),
      async () => ['new'],
    ];
    const sync = new TenantCatalogSync(
      async () => (await reads.shift()!()).map(slug => ({ slug } as Tenant)),
      {
        publish: async tenants => void published.push(tenants.map(t => t.slug)),
      },
    );
    await Promise.all([sync.sync(), sync.sync()]);
    expect(published).toEqual([['old'], ['new']]);
  });

  it('logs failures and keeps going', async () => {
    const logger = { error: jest.fn() } as any;
    const publish = jest.fn(async () => {});
    const listAll = jest
      .fn()
      .mockRejectedValueOnce(new Error('db down'))
      .mockResolvedValueOnce([]);
    const sync = new TenantCatalogSync(listAll, { publish }, logger);
    await sync.sync();
    await sync.sync();
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledWith([]);
  });
});
