const IPV4_OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);
const HEXTET = /^[0-9a-f]{1,4}$/i;

function isIpv6(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) {
    return false;
  }
  const groups = halves.flatMap(h => (h === '' ? [] : h.split(':')));
  let width = groups.length;
  const last = groups[groups.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!IPV4.test(last)) {
      return false;
    }
    groups.pop();
    width += 1; // an embedded IPv4 address takes two groups
  }
  if (!groups.every(g => HEXTET.test(g))) {
    return false;
  }
  return halves.length === 2 ? width < 8 : width === 8;
}

/** True for an IPv4 address (`10.0.0.5`) or an IPv6 address (`2001:db8::5`). @public */
export function isIpAddress(value: string): boolean {
  return IPV4.test(value) || isIpv6(value);
}

/**
 * Checks an IPv4 or IPv6 CIDR range such as `10.0.0.0/8` or `2001:db8::/32`
 * and returns a message a person can act on, or undefined when it is valid.
 *
 * @public
 */
export function describeCidrProblem(value: string): string | undefined {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || prefix === undefined || address === '') {
    return `'${value}' is not a CIDR range: write an address and a prefix length, e.g. 203.0.113.0/24`;
  }
  if (!/^\d{1,3}$/.test(prefix)) {
    return `'${value}' has an invalid prefix length '${prefix}'`;
  }
  const bits = Number(prefix);
  if (IPV4.test(address)) {
    return bits <= 32
      ? undefined
      : `'${value}': an IPv4 prefix length is at most 32`;
  }
  if (isIpv6(address)) {
    return bits <= 128
      ? undefined
      : `'${value}': an IPv6 prefix length is at most 128`;
  }
  return `'${value}' does not start with a valid IPv4 or IPv6 address`;
}
