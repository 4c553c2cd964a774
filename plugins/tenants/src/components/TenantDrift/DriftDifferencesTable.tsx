import { Table, type TableColumn } from '@backstage/core-components';
import {
  describeDriftDifference,
  type DriftDifference,
} from '@tenant-platform/backstage-plugin-tenants-common';

const columns: TableColumn<DriftDifference>[] = [
  { title: 'Object', field: 'object' },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Difference', render: describeDriftDifference },
];

/** Objects on a tenant's cluster that differ from what its phases render. */
export function DriftDifferencesTable(props: {
  title: string;
  differences: DriftDifference[];
}) {
  return (
    <Table
      title={props.title}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.differences}
    />
  );
}
