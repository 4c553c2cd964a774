import { useRouteRef } from '@backstage/core-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { rolloutsRouteRef } from '../../routes';

/** The same route ref, usable by both frontend systems' route resolution. */
const rolloutsRoute = convertLegacyRouteRef(rolloutsRouteRef);

/**
 * The path of the Rollouts page, or undefined where the app does not mount
 * it (e.g. a legacy app without `TenantRolloutsPage`). Resolved through the
 * new frontend system's route resolution, or else the legacy app's routing.
 */
export function useRolloutsLink(): string | undefined {
  try {
    // It calls all its hooks before it throws for a route that is not mounted.
    return useRouteRef(rolloutsRoute)?.();
  } catch {
    return undefined;
  }
}
