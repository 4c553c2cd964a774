import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import {
  DATA_SOURCE_CHANGE_TEMPLATE_REF,
  describeDataSource,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';

/**
 * The scaffolder page of the template with which tenant admins change data
 * sources, its form filled in for the tenant (and the data source, if given).
 */
export function dataSourceChangeTemplateLink(
  slug: string,
  dataSource?: string,
): string {
  const [, path] = DATA_SOURCE_CHANGE_TEMPLATE_REF.split(':');
  const formData = {
    tenant: slug,
    ...(dataSource ? { operation: 'edit', name: dataSource } : {}),
  };
  return `/create/templates/${path}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}

/**
 * The tenant's data sources in the request form. A data source's password
 * must never travel in a change request, so adding, editing and removing
 * data sources is the template `tenant-data-source-change`'s: it takes the
 * password as a scaffolder secret, stages it on the tenant's cluster and
 * files the change request. The links open it filled in for the tenant.
 */
export function DataSourceFields(props: { spec: TenantSpec }) {
  const { spec } = props;
  const slug = spec.details.slug;
  return (
    <FormControl component="fieldset" margin="normal" fullWidth>
      <FormLabel component="legend">Data sources</FormLabel>
      {spec.dataSources.length === 0 && (
        <Typography variant="body2">No data sources yet.</Typography>
      )}
      {spec.dataSources.map(source => (
        <Typography variant="body2" key={source.name}>
          <strong>{source.name}</strong>:{' '}
          {describeDataSource(source).join(', ')} —{' '}
          <Link
            to={dataSourceChangeTemplateLink(slug, source.name)}
            aria-label={`Edit or remove data source ${source.name}`}
          >
            edit or remove
          </Link>
        </Typography>
      ))}
      <Typography variant="body2">
        <Link to={dataSourceChangeTemplateLink(slug)}>Add a data source</Link>
      </Typography>
      <FormHelperText>
        Data-source changes are filed with their own template, which takes the
        password as a secret and keeps it out of the request; file the other
        changes here.
      </FormHelperText>
    </FormControl>
  );
}
