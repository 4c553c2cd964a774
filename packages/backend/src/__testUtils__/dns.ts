import { dnsResolverFor } from '@tenant-platform/backstage-plugin-tenants-node';

/**
 * Asks `resolver` for `host` until the name no longer resolves (external-dns
 * removes a record a little after its DNSEndpoint is gone); resolves the
 * DNS error, or rejects when the name still resolves after `timeoutMs`.
 */
export async function untilNameGone(
  resolver: string,
  host: string,
  timeoutMs = 30_000,
): Promise<unknown> {
  const resolve = dnsResolverFor(resolver);
  const deadline = Date.now() + timeoutMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
    try {
      await resolve(host, 4);
    } catch (error) {
      return error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${host} still resolves via ${resolver}`);
    }
    await new Promise(r => setTimeout(r, pause));
  }
}
