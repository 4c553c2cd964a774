import { checksumOf } from './checksum';

const DNS_LABEL_MAX_LENGTH = 63;
const HASH_SUFFIX_LENGTH = 8;

/**
 * A DNS-1123 label of at most 63 characters from a name that may be longer:
 * long names are cut and end in a hash of the full name, so two long names
 * sharing a prefix still get different labels.
 *
 * @public
 */
export function boundedDnsLabel(name: string): string {
  if (name.length <= DNS_LABEL_MAX_LENGTH) {
    return name;
  }
  const hash = checksumOf(name).slice(0, HASH_SUFFIX_LENGTH);
  const head = name
    .slice(0, DNS_LABEL_MAX_LENGTH - HASH_SUFFIX_LENGTH - 1)
    .replace(/-+$/, '');
  return `${head}-${hash}`;
}

/** The tenant's public host name: `<slug>.<baseDomain>`. @public */
export function tenantHost(slug: string, baseDomain: string): string {
  return `${slug}.${baseDomain}`;
}
