import { Resolver } from 'node:dns/promises';
import { isIPv6 } from 'node:net';
import type { CheckResult } from './healthChecks';

/** Answers the addresses of a host (A or AAAA records). @public */
export type ResolveAddresses = (
  host: string,
  family: 4 | 6,
) => Promise<string[]>;

/** @public */
export interface DnsCheckOptions {
  host: string;
  /** The address the name must resolve to: the ingress target. */
  target: string;
  /**
   * The DNS server to ask, `host` or `host:port`; the system's resolvers when
   * absent.
   */
  resolver?: string;
  /** How long to keep asking until the name resolves to the target. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Replaces the DNS client (tests). */
  resolve?: ResolveAddresses;
}

/** The DNS client that asks `server` (or the system's resolvers). @public */
export function dnsResolverFor(server?: string): ResolveAddresses {
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  if (server) resolver.setServers([server]);
  return (host, family) =>
    family === 6 ? resolver.resolve6(host) : resolver.resolve4(host);
}

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA']);

function describeFailure(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code && NOT_FOUND_CODES.has(code)) return 'no such record';
  if (code === 'ECONNREFUSED') return 'the DNS server refused the connection';
  if (code === 'ETIMEOUT') return 'the DNS server did not answer';
  return (error as Error).message;
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('DNS check aborted'));
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('DNS check aborted'));
      },
      { once: true },
    );
  });
}

/**
 * The tenant's DNS name resolves to the ingress target through the
 * configured resolver. The record appears when external-dns has published
 * the tenant's DNSEndpoint, which no watch can tell: the check asks again,
 * with a growing pause (0.2 s up to 2 s), until the answer is right or
 * `timeoutMs` has passed.
 *
 * @public
 */
export async function dnsChecks(
  options: DnsCheckOptions,
): Promise<CheckResult[]> {
  const { host, target } = options;
  const family = isIPv6(target) ? 6 : 4;
  const resolve = options.resolve ?? dnsResolverFor(options.resolver);
  const via = options.resolver ? ` via ${options.resolver}` : '';
  const check = `dns/${host}`;
  const deadline = Date.now() + options.timeoutMs;
  let pause = 200;
  for (;;) {
    let detail: string;
    try {
      const addresses = await resolve(host, family);
      if (addresses.includes(target)) {
        return [{ check, ok: true, detail: `resolves to ${target}${via}` }];
      }
      detail = `resolves to ${addresses.join(', ')}${via}, not ${target}`;
    } catch (error) {
      detail = `${describeFailure(error)}${via}`;
    }
    if (Date.now() + pause > deadline) {
      return [{ check, ok: false, detail }];
    }
    await abortableDelay(pause, options.signal);
    pause = Math.min(pause * 2, 2000);
  }
}
