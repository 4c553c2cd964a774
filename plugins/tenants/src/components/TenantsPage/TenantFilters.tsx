import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import {
  BILLING_TIERS,
  CLOUD_PROVIDERS,
  TENANT_DRIFT_STATES,
  TENANT_STATES,
  type ListTenantsQuery,
  type TenantDriftSummary,
  type TenantState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { labelOf } from '../../shared/labels';
import { DRIFT_STATE_LABELS } from '../TenantDrift';
import { STATE_LABELS } from '../TenantProvisioning/presentation';

/** The filters of the tenants list (all optional). */
export type TenantFilterValues = Partial<
  Pick<
    ListTenantsQuery,
    'state' | 'billingTier' | 'provider' | 'cluster' | 'drift' | 'search'
  > & {
    /** Sent as `behind=true` or `behind=false`. */
    platformVersion: PlatformVersionFilter;
  }
>;

/** Tenants on an older platform version than the one in force, or on it. */
export type PlatformVersionFilter = 'behind' | 'current';

const PLATFORM_VERSION_FILTERS: readonly PlatformVersionFilter[] = [
  'behind',
  'current',
];
const PLATFORM_VERSION_FILTER_LABELS: Record<PlatformVersionFilter, string> = {
  behind: 'Behind',
  current: 'Current',
};

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'center',
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 170 },
  search: { minWidth: 260, flexGrow: 1 },
}));

function FilterSelect(props: {
  label: string;
  value: string | undefined;
  options: readonly string[];
  /** The display name of an option; the option itself without it. */
  optionLabel?: (option: string) => string;
  onChange: (value: string | undefined) => void;
}) {
  const classes = useStyles();
  return (
    <TextField
      id={`tenant-filter-${props.label
        .toLocaleLowerCase('en-US')
        .replace(/ /g, '-')}`}
      select
      variant="outlined"
      size="small"
      className={classes.select}
      label={props.label}
      value={props.value ?? ''}
      onChange={event => props.onChange(event.target.value || undefined)}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
    >
      <MenuItem value="">All</MenuItem>
      {props.options.map(option => (
        <MenuItem key={option} value={option}>
          {props.optionLabel?.(option) ?? option}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Filters of the tenants list: state, billing tier, provider, cluster, drift, platform version and a search. */
export function TenantFilters(props: {
  values: TenantFilterValues;
  search: string;
  clusters: string[];
  onChange: (values: TenantFilterValues) => void;
  onSearchChange: (search: string) => void;
}) {
  const { values, search, clusters, onChange, onSearchChange } = props;
  const classes = useStyles();
  const set = (key: keyof TenantFilterValues) => (value: string | undefined) =>
    onChange({ ...values, [key]: value });

  return (
    <div className={classes.bar} role="search" aria-label="Filter tenants">
      <TextField
        id="tenant-filter-search"
        variant="outlined"
        size="small"
        className={classes.search}
        label="Search"
        placeholder="Name or slug"
        value={search}
        onChange={event => onSearchChange(event.target.value)}
        InputLabelProps={{ shrink: true }}
      />
      <FilterSelect
        label="State"
        value={values.state}
        options={TENANT_STATES}
        optionLabel={s => STATE_LABELS[s as TenantState]}
        onChange={set('state')}
      />
      <FilterSelect
        label="Billing tier"
        value={values.billingTier}
        options={BILLING_TIERS}
        optionLabel={t => labelOf('billingTier', t)}
        onChange={set('billingTier')}
      />
      <FilterSelect
        label="Provider"
        value={values.provider}
        options={CLOUD_PROVIDERS}
        optionLabel={p => labelOf('cloudProvider', p)}
        onChange={set('provider')}
      />
      <FilterSelect
        label="Cluster"
        value={values.cluster}
        options={clusters}
        onChange={set('cluster')}
      />
      <FilterSelect
        label="Drift"
        value={values.drift}
        options={TENANT_DRIFT_STATES}
        optionLabel={d => DRIFT_STATE_LABELS[d as TenantDriftSummary['state']]}
        onChange={set('drift')}
      />
      <FilterSelect
        label="Platform version"
        value={values.platformVersion}
        options={PLATFORM_VERSION_FILTERS}
        optionLabel={v =>
          PLATFORM_VERSION_FILTER_LABELS[v as PlatformVersionFilter]
        }
        onChange={set('platformVersion')}
      />
      <Button
        onClick={() => {
          onChange({});
          onSearchChange('');
        }}
        disabled={!search && Object.values(values).every(v => !v)}
      >
        Clear filters
      </Button>
    </div>
  );
}
