import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';

export type Knex = Awaited<ReturnType<TestDatabases['init']>>;

/**
 * A database service that gives every plugin of the backend its own fresh
 * database of kind `id`, and keeps their clients by plugin id so that a test
 * can read every table afterwards. Given the `clients` of an earlier
 * backend, a plugin gets its database again (a restarted backend).
 */
export function createPluginDatabases(
  databases: TestDatabases,
  id: TestDatabaseId,
  clients = new Map<string, Knex>(),
) {
  return {
    clients,
    factory: createServiceFactory({
      service: coreServices.database,
      deps: { plugin: coreServices.pluginMetadata },
      async factory({ plugin }) {
        const knex = clients.get(plugin.getId()) ?? (await databases.init(id));
        clients.set(plugin.getId(), knex);
        return { getClient: async () => knex };
      },
    }),
  };
}

/** The names of the tables of the database, on SQLite and PostgreSQL. */
async function tableNames(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const rows = await knex('information_schema.tables')
      .select('table_name')
      .whereRaw('table_schema = current_schema()')
      .andWhere('table_type', 'BASE TABLE');
    return rows.map(row => row.table_name);
  }
  const rows = await knex('sqlite_master')
    .select('name')
    .where('type', 'table');
  return rows.map(row => row.name);
}

/** Every row of every table of the database. */
export async function dumpTables(
  knex: Knex,
): Promise<Array<{ table: string; rows: Record<string, unknown>[] }>> {
  const tables = [];
  for (const table of await tableNames(knex)) {
    tables.push({ table, rows: await knex(table).select() });
  }
  return tables;
}
