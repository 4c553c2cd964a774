import type { DriftDifference } from '@tenant-platform/backstage-plugin-tenants-common';

const shown = (value: unknown) =>
  value === undefined ? 'unset' : JSON.stringify(value);

/** What differs, in a few words: `spec.replicas: 3 (should be 1)`. */
export function describeDifference(difference: DriftDifference): string {
  switch (difference.type) {
    case 'missing':
      return `missing (the ${difference.phase} phase creates it)`;
    case 'unexpected':
      return 'has the tenant’s labels but no phase creates it';
    default:
      // Secrets come without values: only that the field differs.
      return 'live' in difference || 'desired' in difference
        ? `${difference.path}: ${shown(difference.live)} (should be ${shown(
            difference.desired,
          )})`
        : `${difference.path} differs`;
  }
}
