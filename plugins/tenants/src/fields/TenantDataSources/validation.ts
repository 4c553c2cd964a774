import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  dataSourceSchema,
  DATA_SOURCE_TYPES,
  TLS_MODES,
} from '@tenant-platform/backstage-plugin-tenants-common';

/**
 * A data source as the form keeps it: the template's item shape. The
 * password is never part of it; `passwordSecret` names the scaffolder secret
 * that holds it.
 *
 * @public
 */
export interface DataSourceItem {
  name: string;
  type: (typeof DATA_SOURCE_TYPES)[number];
  host: string;
  port?: number;
  database: string;
  user: string;
  tlsMode: (typeof TLS_MODES)[number];
  passwordSecret?: string;
}

/** The fields of a data source that can have a problem. */
export type DataSourceField = Exclude<keyof DataSourceItem, 'passwordSecret'>;

/** At most this many data sources, as the tenant spec allows. */
export const MAX_DATA_SOURCES = 20;

/** The usual port of each data source type, filled in when the type changes. */
export const DEFAULT_PORTS: Record<DataSourceItem['type'], number> = {
  postgresql: 5432,
  mysql: 3306,
  snowflake: 443,
  bigquery: 443,
};

/** The scaffolder secret that holds a data source's password. */
export function passwordSecretKey(name: string): string {
  return `dataSourcePassword_${name}`;
}

const FIELD_NAMES: Record<DataSourceField, string> = {
  name: 'Name',
  type: 'Type',
  host: 'Host',
  port: 'Port',
  database: 'Database',
  user: 'User',
  tlsMode: 'TLS mode',
};

/** The problems of one data source, by field, in words a person can act on. */
export function dataSourceProblems(
  item: Partial<DataSourceItem>,
): Partial<Record<DataSourceField, string>> {
  const result = dataSourceSchema.safeParse(item);
  const problems: Partial<Record<DataSourceField, string>> = {};
  if (result.success) {
    return problems;
  }
  for (const issue of result.error.issues) {
    const field = issue.path[0] as DataSourceField | undefined;
    if (!field || !(field in FIELD_NAMES) || problems[field]) {
      continue;
    }
    const value = item[field];
    if (value === undefined || value === '') {
      problems[field] = `${FIELD_NAMES[field]} is required`;
    } else if (field === 'port') {
      problems.port = 'Port must be a whole number from 1 to 65535';
    } else if (field === 'type' || field === 'tlsMode') {
      problems[field] = `${FIELD_NAMES[field]} '${String(
        value,
      )}' is not supported`;
    } else if (issue.code === 'too_big') {
      problems[field] = `${FIELD_NAMES[field]} is too long`;
    } else {
      problems[field] = issue.message;
    }
  }
  return problems;
}

/** Every problem of a data source list, each naming the data source. */
export function dataSourceListProblems(items: DataSourceItem[]): string[] {
  const messages: string[] = [];
  if (items.length > MAX_DATA_SOURCES) {
    messages.push(`At most ${MAX_DATA_SOURCES} data sources are allowed`);
  }
  items.forEach((item, index) => {
    const label = `Data source ${index + 1}${
      item.name ? ` (${item.name})` : ''
    }`;
    for (const message of Object.values(dataSourceProblems(item))) {
      messages.push(`${label}: ${message}`);
    }
  });
  const names = items.map(item => item.name).filter(Boolean);
  for (const name of new Set(names)) {
    if (names.filter(n => n === name).length > 1) {
      messages.push(`Data source name '${name}' is used more than once`);
    }
  }
  return messages;
}

/** Validates every data source and that their names are unique. */
export const tenantDataSourcesValidation: CustomFieldValidator<
  DataSourceItem[]
> = (value, validation) => {
  for (const message of dataSourceListProblems(value ?? [])) {
    validation.addError(message);
  }
};
