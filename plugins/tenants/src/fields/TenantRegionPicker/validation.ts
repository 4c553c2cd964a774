import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import type { Placement } from '../../api/TenantsApi';
import { tenantsApiRef } from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import { labelOf } from '../../shared/labels';

/** The region value that lets the Tenant Service pick the nearest cluster. */
export const NEAREST = 'nearest';

/** ui:options of the TenantRegionPicker field. */
export interface TenantRegionPickerUiOptions {
  /** The parameter holding the cloud provider. Default `cloudProvider`. */
  providerField?: string;
}

/** The provider the region is picked for: the form's, or Azure by default. */
export function providerOf(
  formData: Record<string, unknown> | undefined,
  providerField = 'cloudProvider',
): string {
  const provider = formData?.[providerField];
  return typeof provider === 'string' && provider ? provider : 'azure';
}

/** Why a region cannot be used with a placement, or undefined when it can. */
export function regionProblem(
  region: string | undefined,
  placement: Placement,
): string | undefined {
  const provider = labelOf('cloudProvider', placement.provider);
  if (placement.regions.length === 0) {
    return `No cluster is configured for ${provider}; choose another cloud provider`;
  }
  if (!region || region === NEAREST) {
    if (!placement.nearest) {
      return `No nearest ${provider} cluster could be determined; choose a region`;
    }
    return downProblem([placement.nearest.cluster], placement);
  }
  const serving = placement.regions.find(r => r.region === region);
  return serving
    ? downProblem(serving.clusters, placement)
    : `${provider} has no configured cluster in region '${region}'; choose one of ${placement.regions
        .map(r => r.region)
        .join(', ')}`;
}

/** Says so when none of `clusters` answered the Tenant Service's probe. */
function downProblem(
  clusters: string[],
  placement: Placement,
): string | undefined {
  const down = clusters.filter(
    name =>
      placement.clusters?.find(c => c.cluster === name)?.reachable === false,
  );
  if (down.length === 0 || down.length < clusters.length) return undefined;
  return `Cluster ${down.join(
    ', ',
  )} does not answer right now; choose a region another cluster serves, or try again later`;
}

/** Checks the region against the clusters configured for the provider. */
export const tenantRegionValidation: CustomFieldValidator<
  string,
  TenantRegionPickerUiOptions
> = async (value, validation, context) => {
  const tenantsApi = context.apiHolder.get(tenantsApiRef);
  if (!tenantsApi) {
    return;
  }
  const provider = providerOf(
    context.formData,
    context.uiSchema?.['ui:options']?.providerField,
  );
  let placement: Placement;
  try {
    placement = await tenantsApi.getPlacement(provider);
  } catch (error) {
    validation.addError(
      `Could not load the ${labelOf(
        'cloudProvider',
        provider,
      )} regions: ${describeError(error)}`,
    );
    return;
  }
  const problem = regionProblem(value, placement);
  if (problem) {
    validation.addError(problem);
  }
};
