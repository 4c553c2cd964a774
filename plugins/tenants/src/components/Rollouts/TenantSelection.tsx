import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { tenantsApiRef, type TenantListItem } from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import { ErrorLine } from '../shared/ErrorLine';

/** Tenants searched by name or slug, by name, for the selection. */
function useTenantSearch(search: string) {
  const api = useApi(tenantsApiRef);
  return useAsync(
    async () =>
      api.listTenants({
        search: search || undefined,
        limit: 100,
        orderBy: 'name',
        order: 'asc',
      }),
    [api, search],
  );
}

/**
 * Choose the tenants to upgrade, searched by name or slug on the server:
 * those that do not run the target version (a rollout may target any
 * declared version, also one newer than the version in force); those on it
 * are listed disabled.
 */
export function TenantSelection(props: {
  targetVersion: string;
  selected: Map<string, TenantListItem>;
  onChange: (selected: Map<string, TenantListItem>) => void;
  error?: string;
}) {
  const { targetVersion, selected, onChange, error } = props;
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  useDebounce(() => setSearch(searchInput.trim()), 300, [searchInput]);
  const found = useTenantSearch(search);
  // The chosen tenants stay listed (first) whatever the search finds.
  const shown = [
    ...selected.values(),
    ...(found.value?.items ?? []).filter(t => !selected.has(t.id)),
  ];
  const toggle = (tenant: TenantListItem, on: boolean) => {
    const next = new Map(selected);
    if (on) next.set(tenant.id, tenant);
    else next.delete(tenant.id);
    onChange(next);
  };
  return (
    <Box ml={4}>
      <TextField
        id="start-rollout-tenant-search"
        label="Find tenants"
        placeholder="Name or slug"
        size="small"
        margin="dense"
        value={searchInput}
        onChange={e => setSearchInput(e.target.value)}
      />
      {found.loading && <Progress />}
      {found.error && (
        <ErrorLine
          message={`Could not list the tenants: ${describeError(found.error)}`}
        />
      )}
      <FormControl component="fieldset" error={Boolean(error)}>
        <FormGroup aria-label="Tenants to upgrade">
          {shown.map(tenant => {
            const onTarget = tenant.platformVersion === targetVersion;
            const version = tenant.platformVersion ?? 'an unrecorded version';
            return (
              <FormControlLabel
                key={tenant.id}
                disabled={onTarget}
                control={
                  <Checkbox
                    checked={selected.has(tenant.id)}
                    onChange={e => toggle(tenant, e.target.checked)}
                  />
                }
                label={`${tenant.name} (${tenant.slug}, ${
                  onTarget ? 'already on' : 'on'
                } ${version})`}
              />
            );
          })}
        </FormGroup>
        {found.value && shown.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No tenant matches.
          </Typography>
        )}
        <FormHelperText>{error ?? `${selected.size} selected`}</FormHelperText>
      </FormControl>
    </Box>
  );
}
