import type { Knex } from 'knex';

/** The plugin's tables (those its migrations created), on SQLite or PostgreSQL. */
export async function pluginTables(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string }> =
    knex.client.config.client === 'pg'
      ? await knex('information_schema.tables')
          .select({ name: 'table_name' })
          .whereRaw('table_schema = current_schema()')
      : await knex('sqlite_master')
          .select('name')
          .where({ type: 'table' })
          .andWhereNot('name', 'like', 'sqlite_%');
  return rows
    .map(row => row.name)
    .filter(name => !name.startsWith('knex_migrations'))
    .sort();
}

/** The number of rows of every table of the plugin, by table name. */
export async function rowCounts(knex: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await pluginTables(knex)) {
    counts[table] = Number((await knex(table).count({ n: '*' }))[0].n);
  }
  return counts;
}
