import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantCatalogSync } from './TenantCatalogSync';

describe('TenantCatalogSync', () => {
  it('publishes snapshots in order, even when an earlier read is slower', async () => {
    const published: string[][] = [];
    let started!: () => void;
    const firstReadStarted = new Promise<void>(r => (started = r));
    const reads = [
      () =>
        new Promise<string[]>(r => {
          started();
          setTimeout(() => r(['old']), 30);
        }),
      async () => ['new'],
    ];
    const sync = new TenantCatalogSync(
      async () => (await reads.shift()!()).map(slug => ({ slug } as Tenant)),
      {
        publish: async tenants => void published.push(tenants.map(t => t.slug)),
      },
    );
    const first = sync.sync();
    await firstReadStarted;
    await Promise.all([first, sync.sync()]);
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

  it('shares one snapshot among the syncs asked for while another runs', async () => {
    let release!: () => void;
    const first = new Promise<void>(r => (release = r));
    const listAll = jest
      .fn<Promise<Tenant[]>, []>()
      .mockImplementationOnce(async () => {
        await first;
        return [{ slug: 'before' } as Tenant];
      })
      .mockResolvedValue([{ slug: 'after' } as Tenant]);
    const published: string[][] = [];
    const sync = new TenantCatalogSync(listAll, {
      publish: async tenants => void published.push(tenants.map(t => t.slug)),
    });

    const running = sync.sync();
    await Promise.resolve(); // the first snapshot has started reading
    const burst = Array.from({ length: 100 }, () => sync.sync());
    release();
    await Promise.all([running, ...burst]);

    expect(listAll).toHaveBeenCalledTimes(2);
    expect(published).toEqual([['before'], ['after']]);

    // Once idle, a sync takes a snapshot of its own.
    await sync.sync();
    expect(listAll).toHaveBeenCalledTimes(3);
  });
});
