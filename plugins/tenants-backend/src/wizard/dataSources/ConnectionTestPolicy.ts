import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';

const KEY = 'tenants.dataSources.connectionTests';

type Family = 'ipv4' | 'ipv6';
type Range = readonly [address: string, prefix: number, family: Family];

/** The kinds of address a policy allows or denies as a whole. */
const CATEGORIES = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
  // Cloud metadata services (169.254.169.254, fd00:ec2::254 aside) live here.
  linkLocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
} satisfies Record<string, Range[]>;
type Category = keyof typeof CATEGORIES;

const CATEGORY_DEFAULTS: Record<Category, 'allow' | 'deny'> = {
  loopback: 'allow',
  private: 'allow',
  linkLocal: 'deny',
};
const CATEGORY_NAMES: Record<Category, string> = {
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
};

// 0.0.0.0 and :: reach the backend's own host: never a data source.
const UNSPECIFIED: Range[] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['::', 128, 'ipv6'],
];

/** A host name's addresses, as the system resolver gives them. */
export type ResolveHost = (host: string) => Promise<string[]>;

const systemResolver: ResolveHost = async host =>
  (await lookup(host, { all: true, verbatim: true })).map(a => a.address);

function blockListOf(ranges: readonly Range[]): BlockList {
  const list = new BlockList();
  for (const [address, prefix, family] of ranges) {
    list.addSubnet(address, prefix, family);
  }
  return list;
}

function parseRange(text: string, key: string): Range {
  const [address, prefixText, ...rest] = text.split('/');
  const version = isIP(address ?? '');
  const prefix = Number(prefixText ?? (version === 6 ? 128 : 32));
  const max = version === 6 ? 128 : 32;
  if (
    version === 0 ||
    rest.length > 0 ||
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max
  ) {
    throw new InputError(
      `Invalid config ${key}: '${text}' is not an address range (CIDR) such as 10.0.0.0/8 or fd00::/8`,
    );
  }
  return [address, prefix, version === 6 ? 'ipv6' : 'ipv4'];
}

/** `::ffff:169.254.169.254` is 169.254.169.254 to the network. */
function canonical(address: string): { address: string; family: Family } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/**
 * Which addresses the data-source connection test may open a connection to
 * (`tenants.dataSources.connectionTests`): loopback, private and link-local
 * addresses as a whole (link-local, where cloud metadata services answer,
 * denied by default), ranges denied on top, and optionally an allow-list
 * outside which nothing is tried. A host name is resolved once; every
 * address it has must pass, and the test connects to the checked address,
 * so a second lookup cannot lead it elsewhere (DNS rebinding).
 */
export class ConnectionTestPolicy {
  static fromConfig(
    config: Config,
    options: { resolve?: ResolveHost } = {},
  ): ConnectionTestPolicy {
    const section = config.getOptionalConfig(KEY);
    const categories = { ...CATEGORY_DEFAULTS };
    for (const category of Object.keys(CATEGORIES) as Category[]) {
      const value = section?.getOptionalString(category);
      if (value === undefined) continue;
      if (value !== 'allow' && value !== 'deny') {
        throw new InputError(
          `Invalid config ${KEY}.${category}: '${value}' is neither 'allow' nor 'deny'`,
        );
      }
      categories[category] = value;
    }
    const ranges = (name: 'deniedRanges' | 'allowedRanges') =>
      section
        ?.getOptionalStringArray(name)
        ?.map((text, i) => parseRange(text, `${KEY}.${name}[${i}]`));
    return new ConnectionTestPolicy({
      categories,
      deniedRanges: ranges('deniedRanges') ?? [],
      allowedRanges: ranges('allowedRanges'),
      resolve: options.resolve ?? systemResolver,
    });
  }

  private readonly denied: Array<{ list: BlockList; reason: string }>;
  private readonly allowed: BlockList | undefined;
  private readonly resolve: ResolveHost;

  private constructor(options: {
    categories: Record<Category, 'allow' | 'deny'>;
    deniedRanges: Range[];
    allowedRanges: Range[] | undefined;
    resolve: ResolveHost;
  }) {
    this.denied = [
      { list: blockListOf(UNSPECIFIED), reason: 'an unspecified address' },
      ...(Object.keys(CATEGORIES) as Category[])
        .filter(category => options.categories[category] === 'deny')
        .map(category => ({
          list: blockListOf(CATEGORIES[category]),
          reason: `a ${CATEGORY_NAMES[category]} address, denied by ${KEY}.${category}`,
        })),
      {
        list: blockListOf(options.deniedRanges),
        reason: `in ${KEY}.deniedRanges`,
      },
    ];
    this.allowed = options.allowedRanges
      ? blockListOf(options.allowedRanges)
      : undefined;
    this.resolve = options.resolve;
  }

  /** Why the policy refuses an address, or undefined when it allows it. */
  refusal(address: string): string | undefined {
    const { address: ip, family } = canonical(address);
    const denied = this.denied.find(d => d.list.check(ip, family));
    if (denied) return denied.reason;
    if (this.allowed && !this.allowed.check(ip, family)) {
      return `outside ${KEY}.allowedRanges`;
    }
    return undefined;
  }

  /**
   * The address a connection test of `host` connects to: its first address,
   * once every address passed. Throws NotAllowedError (403) naming the
   * address and the rule before any connection is opened; a name that does
   * not resolve fails as the resolver does (`ENOTFOUND`).
   */
  async admit(host: string): Promise<string> {
    const addresses = isIP(host) ? [host] : await this.resolve(host);
    if (addresses.length === 0) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
        code: 'ENOTFOUND',
      });
    }
    for (const address of addresses) {
      const refusal = this.refusal(address);
      if (refusal) {
        const via = address === host ? '' : ` (${host} resolves to it)`;
        throw new NotAllowedError(
          `Connection tests may not reach ${address}${via}: ${refusal}`,
        );
      }
    }
    return addresses[0];
  }
}
