import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ListFieldFrame } from '../ListFieldFrame';
import { DataSourceRow } from './DataSourceRow';
import { useDataSourceList } from './useDataSourceList';
import { DataSourceItem, MAX_DATA_SOURCES } from './validation';

/**
 * The tenant's initial database connections. Each one can be tested against
 * the Tenant Service before provisioning. The password goes into the
 * scaffolder secrets (sent with the task, never as a parameter) under
 * `dataSourcePassword_<name>`; the item only names that secret.
 */
export const TenantDataSources = (
  props: FieldExtensionComponentProps<DataSourceItem[]>,
) => {
  const { formData, onChange, rawErrors = [], disabled, idSchema } = props;
  const items = Array.isArray(formData) ? formData : [];
  const list = useDataSourceList(items, onChange);

  return (
    <ListFieldFrame
      field={props}
      defaultTitle="Data sources"
      defaultDescription="Databases the tenant connects to. Passwords are sent as secrets, never stored with the tenant’s configuration."
      count={items.length}
      max={MAX_DATA_SOURCES}
      addLabel="Add data source"
      onAdd={list.add}
    >
      {items.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No data sources yet. The tenant can be created without any.
        </Typography>
      )}
      {list.rows.map((row, index) => (
        <DataSourceRow
          key={row.key}
          index={index}
          row={row}
          idPrefix={idSchema?.$id ?? 'dataSources'}
          submitted={rawErrors.length > 0}
          disabled={disabled}
          onUpdate={patch => list.update(index, patch)}
          onPasswordChange={password => list.setPassword(index, password)}
          onRemove={() => list.remove(index)}
        />
      ))}
    </ListFieldFrame>
  );
};
