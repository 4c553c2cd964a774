import type { PlatformVersions } from '@tenant-platform/backstage-plugin-tenants-node';
import { invalidFields } from '../validation/FieldsInputError';

/** A change to a platform version that config does not declare is refused (400 naming `changes.platformVersion`). */
export function assertPlatformVersionDeclared(
  version: string | undefined,
  versions: PlatformVersions | undefined,
): void {
  if (version === undefined || versions?.has(version)) return;
  throw invalidFields('request body', [
    {
      field: 'changes.platformVersion',
      message: `Platform version '${version}' is not declared in config (declared: ${
        versions?.list().join(', ') ?? 'none'
      })`,
    },
  ]);
}
