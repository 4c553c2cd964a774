import { dnsChecks, type ResolveAddresses } from './dnsChecks';

const notFound = () =>
  Object.assign(new Error('queryA ENOTFOUND demo.tenants.localhost'), {
    code: 'ENOTFOUND',
  });

describe('dnsChecks', () => {
  it('asks again until the record appears', async () => {
    const answers: Array<string[] | Error> = [
      notFound(),
      notFound(),
      ['127.0.0.1'],
    ];
    const resolve: ResolveAddresses = jest.fn(async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    });
    await expect(
      dnsChecks({
        host: 'demo.tenants.localhost',
        target: '127.0.0.1',
        resolver: '127.0.0.1:15353',
        timeoutMs: 5000,
        resolve,
      }),
    ).resolves.toEqual([
      {
        check: 'dns/demo.tenants.localhost',
        ok: true,
        detail: 'resolves to 127.0.0.1 via 127.0.0.1:15353',
      },
    ]);
    expect(resolve).toHaveBeenCalledTimes(3);
    expect(resolve).toHaveBeenCalledWith('demo.tenants.localhost', 4);
  });

  it('fails with the last answer once the time is up', async () => {
    await expect(
      dnsChecks({
        host: 'demo.tenants.localhost',
        target: '127.0.0.1',
        timeoutMs: 300,
        resolve: async () => ['127.0.0.2'],
      }),
    ).resolves.toEqual([
      {
        check: 'dns/demo.tenants.localhost',
        ok: false,
        detail: 'resolves to 127.0.0.2, not 127.0.0.1',
      },
    ]);
    await expect(
      dnsChecks({
        host: 'demo.tenants.localhost',
        target: '::1',
        resolver: '127.0.0.1:15353',
        timeoutMs: 0,
        resolve: async () => {
          throw notFound();
        },
      }),
    ).resolves.toMatchObject([
      { ok: false, detail: 'no such record via 127.0.0.1:15353' },
    ]);
  });

  it('asks for AAAA records when the target is IPv6', async () => {
    const resolve = jest.fn(async () => ['::1']);
    await dnsChecks({ host: 'h', target: '::1', timeoutMs: 100, resolve });
    expect(resolve).toHaveBeenCalledWith('h', 6);
  });
});
