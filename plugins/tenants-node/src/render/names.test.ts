import { boundedDnsLabel, tenantHost } from './names';
import { DNS_LABEL } from './__testUtils__/fixtures';

describe('boundedDnsLabel', () => {
  it('keeps names of up to 63 characters', () => {
    const name = `datasource-${'a'.repeat(52)}`;
    expect(boundedDnsLabel(name)).toBe(name);
  });

  it('cuts longer names and keeps them apart with a hash', () => {
    const first = boundedDnsLabel(`datasource-${'a'.repeat(60)}-one`);
    const second = boundedDnsLabel(`datasource-${'a'.repeat(60)}-two`);
    expect(first).toHaveLength(63);
    expect(first).toMatch(DNS_LABEL);
    expect(first).not.toBe(second);
    expect(boundedDnsLabel(`datasource-${'a'.repeat(60)}-one`)).toBe(first);
  });

  it('does not leave a dash before the hash', () => {
    const label = boundedDnsLabel(`${'a'.repeat(53)}-${'b'.repeat(20)}`);
    expect(label).toMatch(DNS_LABEL);
    expect(label).not.toContain('--');
  });
});

describe('tenantHost', () => {
  it('puts the slug under the base domain', () => {
    expect(tenantHost('acme', 'tenants.example.com')).toBe(
      'acme.tenants.example.com',
    );
  });
});
