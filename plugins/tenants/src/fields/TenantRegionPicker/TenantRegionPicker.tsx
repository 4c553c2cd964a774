import { useEffect } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { NearestPlacement } from '../../api/TenantsApi';
import { tenantsApiRef } from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import { labelOf } from '../../shared/labels';
import {
  NEAREST,
  providerOf,
  regionProblem,
  TenantRegionPickerUiOptions,
} from './validation';

/** How the nearest cluster was chosen, in words. */
export function describeNearest(nearest: NearestPlacement): string {
  const basis =
    nearest.basis === 'preferred'
      ? 'configured preference'
      : `lowest measured API round trip${
          nearest.roundTripMs !== undefined
            ? `, ${Math.round(nearest.roundTripMs)} ms`
            : ''
        }`;
  return `Nearest resolves to region ${nearest.region}, cluster ${nearest.cluster} (${basis})`;
}

/**
 * The region of the chosen cloud provider, from the clusters the Tenant
 * Service has configured. `Nearest` lets the service pick the cluster; the
 * field shows which one that is.
 */
export const TenantRegionPicker = (
  props: FieldExtensionComponentProps<string, TenantRegionPickerUiOptions>,
) => {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors = [],
    required,
    disabled,
    idSchema,
    formContext,
  } = props;
  const tenantsApi = useApi(tenantsApiRef);
  const provider = providerOf(
    formContext?.formData,
    uiSchema?.['ui:options']?.providerField,
  );
  const region = formData ?? NEAREST;
  const {
    value: placement,
    loading,
    error,
  } = useAsync(() => tenantsApi.getPlacement(provider), [tenantsApi, provider]);

  // A region of another provider does not carry over when the provider changes.
  const stale =
    placement?.provider === provider &&
    region !== NEAREST &&
    !placement.regions.some(r => r.region === region);
  useEffect(() => {
    if (stale) {
      onChange(NEAREST);
    }
  }, [stale, onChange]);

  const problem = placement ? regionProblem(region, placement) : undefined;
  let helperText: string =
    schema.description ??
    `The ${labelOf('cloudProvider', provider)} region to run the tenant in`;
  if (loading) {
    helperText = `Loading the ${labelOf('cloudProvider', provider)} regions…`;
  } else if (error) {
    helperText = `Could not load the regions: ${describeError(error)}`;
  } else if (problem) {
    helperText = problem;
  } else if (region === NEAREST && placement?.nearest) {
    helperText = describeNearest(placement.nearest);
  } else if (placement) {
    const clusters =
      placement.regions.find(r => r.region === region)?.clusters ?? [];
    helperText = `Clusters in ${region}: ${clusters.join(', ')}`;
  }

  return (
    <TextField
      id={idSchema?.$id}
      select
      label={schema.title ?? 'Region'}
      required={required}
      disabled={disabled || loading}
      value={
        placement?.regions.some(r => r.region === region) || region === NEAREST
          ? region
          : NEAREST
      }
      onChange={event => onChange(event.target.value)}
      error={rawErrors.length > 0 || !!problem || !!error}
      helperText={helperText}
      margin="normal"
      FormHelperTextProps={{ style: { marginLeft: 0 } }}
    >
      <MenuItem value={NEAREST}>
        Nearest
        {placement?.nearest ? ` (${placement.nearest.region})` : ''}
      </MenuItem>
      {placement?.regions.map(r => (
        <MenuItem key={r.region} value={r.region}>
          {r.region}
          <Typography
            component="span"
            variant="caption"
            color="textSecondary"
            style={{ marginLeft: 8 }}
          >
            {r.clusters.length === 1
              ? r.clusters[0]
              : `${r.clusters.length} clusters`}
          </Typography>
        </MenuItem>
      ))}
    </TextField>
  );
};
