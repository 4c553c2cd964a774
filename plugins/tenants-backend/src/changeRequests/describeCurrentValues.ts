import {
  CHANGEABLE_FIELDS,
  describeDataSource,
  describeFieldValue,
  PLATFORM_MODULES,
  readChangeableField,
  touchedDataSources,
  type TenantChanges,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** The tenant's current values of the fields a request names, e.g. `resource tier medium and BI Platform enabled`. */
export function describeCurrentValues(
  spec: TenantSpec,
  changes: TenantChanges,
): string {
  const parts = CHANGEABLE_FIELDS.filter(
    field => changes[field.key] !== undefined,
  ).map(field => describeFieldValue(field, readChangeableField(spec, field)));
  for (const module of PLATFORM_MODULES) {
    if (changes.modules?.[module.id] !== undefined) {
      parts.push(
        `${module.title} ${spec.modules[module.id] ? 'enabled' : 'disabled'}`,
      );
    }
  }
  for (const name of touchedDataSources(changes.dataSources)) {
    const source = spec.dataSources.find(s => s.name === name);
    parts.push(
      source
        ? `data source ${name} as ${describeDataSource(source).join(', ')}`
        : `no data source ${name}`,
    );
  }
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : parts.join('');
}
