import * as tenantsNode from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantDrift } from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantDriftChecker } from '../../../plugins/tenants-backend/src/drift/TenantDriftChecker';

/** One detectDrift call the checker made. */
export interface CheckRecord {
  slug: string;
  ms: number;
  /** detectDrift's own count of the requests it made. */
  requests: number;
  state: TenantDrift['state'];
  differences: Array<{ type: string; object: string; path?: string }>;
}

/**
 * TenantDriftChecker, its code unchanged, loaded (require) after the module
 * object it imports detectDrift from has been replaced, in Node's module
 * cache, by a copy whose detectDrift pushes each result onto `records`.
 * Must run before anything loads the checker.
 */
export function loadRecordingChecker(
  records: CheckRecord[],
  clock: () => number,
): typeof TenantDriftChecker {
  const checkerPath = require.resolve(
    '../../../plugins/tenants-backend/src/drift/TenantDriftChecker',
  );
  if (require.cache[checkerPath]) {
    throw new Error(
      'TenantDriftChecker was loaded before detectDrift could be wrapped',
    );
  }
  const nodePath = require.resolve(
    '@tenant-platform/backstage-plugin-tenants-node',
  );
  const original = require.cache[nodePath];
  if (!original) throw new Error(`${nodePath} is not loaded`);
  const detectDrift = tenantsNode.detectDrift;
  const recording: typeof detectDrift = async (kubeConfig, spec, context) => {
    const started = clock();
    const drift = await detectDrift(kubeConfig, spec, context);
    records.push({
      slug: spec.details.slug,
      ms: clock() - started,
      requests: drift.requests,
      state: drift.state,
      differences: drift.state === 'unknown' ? [] : drift.differences,
    });
    return drift;
  };
  const { detectDrift: _replaced, ...descriptors } =
    Object.getOwnPropertyDescriptors(original.exports);
  const copy = Object.defineProperties({}, descriptors);
  Object.defineProperty(copy, 'detectDrift', {
    enumerable: true,
    value: recording,
  });
  original.exports = copy;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(checkerPath).TenantDriftChecker;
}
