import { describeCidrProblem } from './cidr';

describe('describeCidrProblem', () => {
  it.each([
    '10.0.0.0/8',
    '203.0.113.7/32',
    '0.0.0.0/0',
    '2001:db8::/32',
    '::/0',
    'fe80::1/128',
    '::ffff:10.0.0.0/104',
  ])('accepts %s', cidr => expect(describeCidrProblem(cidr)).toBeUndefined());

  it.each([
    ['10.0.0.0', 'is not a CIDR range'],
    ['10.0.0.0/8/8', 'is not a CIDR range'],
    ['256.0.0.0/8', 'does not start with a valid IPv4 or IPv6 address'],
    ['10.0.0/8', 'does not start with a valid IPv4 or IPv6 address'],
    ['2001:db8:::/32', 'does not start with a valid IPv4 or IPv6 address'],
    ['2001:db8::/129', 'an IPv6 prefix length is at most 128'],
    ['10.0.0.0/-1', "invalid prefix length '-1'"],
    ['10.0.0.0/ 8', "invalid prefix length ' 8'"],
  ])('rejects %s', (cidr, message) => {
    expect(describeCidrProblem(cidr)).toContain(message);
  });
});
