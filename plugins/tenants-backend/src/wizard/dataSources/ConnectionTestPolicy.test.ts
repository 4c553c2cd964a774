import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { ConnectionTestPolicy, type ResolveHost } from './ConnectionTestPolicy';

const KEY = 'tenants.dataSources.connectionTests';

const policyOf = (connectionTests?: object, resolve?: ResolveHost) =>
  ConnectionTestPolicy.fromConfig(
    new ConfigReader(
      connectionTests ? { tenants: { dataSources: { connectionTests } } } : {},
    ),
    { resolve },
  );

describe('ConnectionTestPolicy', () => {
  describe('by default', () => {
    const policy = policyOf();

    it.each([
      '169.254.169.254',
      '169.254.0.1',
      'fe80::1',
      '::ffff:169.254.169.254',
    ])(
      'refuses the link-local address %s (cloud metadata lives there)',
      address => {
        expect(policy.refusal(address)).toBe(
          `a link-local address, denied by ${KEY}.linkLocal`,
        );
      },
    );

    it.each(['0.0.0.0', '0.1.2.3', '::'])(
      'refuses the unspecified address %s, which reaches the backend host',
      address => {
        expect(policy.refusal(address)).toBe('an unspecified address');
      },
    );

    it.each([
      '127.0.0.1',
      '::1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.1',
      'fd12::1',
      '203.0.113.7',
    ])('allows %s', address => {
      expect(policy.refusal(address)).toBeUndefined();
    });
  });

  it('denies loopback and private addresses when configured to', () => {
    const policy = policyOf({ loopback: 'deny', private: 'deny' });
    expect(policy.refusal('127.0.0.2')).toBe(
      `a loopback address, denied by ${KEY}.loopback`,
    );
    expect(policy.refusal('::ffff:127.0.0.1')).toBe(
      `a loopback address, denied by ${KEY}.loopback`,
    );
    expect(policy.refusal('192.168.0.9')).toBe(
      `a private address, denied by ${KEY}.private`,
    );
    expect(policy.refusal('203.0.113.7')).toBeUndefined();
  });

  it('denies extra ranges, and only tries the allow-list when one is set', () => {
    const policy = policyOf({
      deniedRanges: ['127.0.0.128/25'],
      allowedRanges: ['127.0.0.0/24', '::1'],
    });
    expect(policy.refusal('127.0.0.1')).toBeUndefined();
    expect(policy.refusal('::1')).toBeUndefined();
    expect(policy.refusal('127.0.0.200')).toBe(`in ${KEY}.deniedRanges`);
    expect(policy.refusal('127.0.1.1')).toBe(`outside ${KEY}.allowedRanges`);
    // A denied category wins over the allow-list.
    expect(
      policyOf({
        linkLocal: 'deny',
        allowedRanges: ['169.254.0.0/16'],
      }).refusal('169.254.169.254'),
    ).toMatch(/link-local/);
  });

  it.each([
    [
      { loopback: 'maybe' },
      `${KEY}.loopback: 'maybe' is neither 'allow' nor 'deny'`,
    ],
    [
      { deniedRanges: ['10.0.0.0/33'] },
      `${KEY}.deniedRanges[0]: '10.0.0.0/33' is not an address range`,
    ],
    [
      { allowedRanges: ['10.0.0.0/8', 'db.internal'] },
      `${KEY}.allowedRanges[1]: 'db.internal' is not an address range`,
    ],
  ])('refuses the config %j, naming the key', (connectionTests, message) => {
    expect(() => policyOf(connectionTests)).toThrow(message);
  });

  describe('admit', () => {
    it('resolves a name once and answers the first address once all pass', async () => {
      const resolve = jest.fn(async () => ['192.0.2.10', '2001:db8::10']);
      await expect(policyOf({}, resolve).admit('db.example.com')).resolves.toBe(
        '192.0.2.10',
      );
      expect(resolve).toHaveBeenCalledTimes(1);
    });

    it('refuses a name of which any address is denied, naming it', async () => {
      const policy = policyOf({}, async () => [
        '192.0.2.10',
        '169.254.169.254',
      ]);
      const refusal = policy.admit('metadata.example.com');
      await expect(refusal).rejects.toBeInstanceOf(NotAllowedError);
      await expect(refusal).rejects.toThrow(
        `Connection tests may not reach 169.254.169.254 (metadata.example.com resolves to it): a link-local address, denied by ${KEY}.linkLocal`,
      );
    });

    it('checks an address literal without resolving it', async () => {
      const resolve = jest.fn();
      await expect(
        policyOf({ loopback: 'deny' }, resolve).admit('127.0.0.1'),
      ).rejects.toThrow(
        `Connection tests may not reach 127.0.0.1: a loopback address, denied by ${KEY}.loopback`,
      );
      expect(resolve).not.toHaveBeenCalled();
    });

    it('fails like the resolver for a name without addresses', async () => {
      await expect(
        policyOf({}, async () => []).admit('nothing.example.com'),
      ).rejects.toMatchObject({ code: 'ENOTFOUND' });
    });

    it('resolves names with the system resolver by default', async () => {
      await expect(
        policyOf({ loopback: 'deny' }).admit('localhost'),
      ).rejects.toThrow(
        /^Connection tests may not reach (127\.0\.0\.1|::1) \(localhost resolves to it\)/,
      );
    });
  });
});
