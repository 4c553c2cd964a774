// @ts-check

/**
 * What the tenant list's search matches: the lower-cased name and the slug,
 * joined by a newline (which a search from the list cannot hold, so a search
 * matches within one of them). TenantStore's search uses exactly this
 * expression (`TENANT_SEARCH_TEXT`), so that the indexes below serve it.
 */
const SEARCH_TEXT = "lower(name) || '\n' || slug";

/**
 * Whether PostgreSQL's pg_trgm extension is installed, installing it when the
 * server has it and the user may (it is a trusted extension since
 * PostgreSQL 13). Without it the search still works, by reading every row.
 *
 * @param {import('knex').Knex} knex
 */
async function trigramsInstalled(knex) {
  const installed = await knex.raw(
    "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'",
  );
  if (installed.rows.length > 0) return true;
  const available = await knex.raw(
    "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'",
  );
  if (available.rows.length === 0) return false;
  // A refusal must not abort the migration's transaction.
  const inTransaction = Boolean(knex.isTransaction);
  if (inTransaction) await knex.raw('SAVEPOINT tenants_pg_trgm');
  try {
    await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    if (inTransaction) await knex.raw('RELEASE SAVEPOINT tenants_pg_trgm');
    return true;
  } catch {
    if (inTransaction) await knex.raw('ROLLBACK TO SAVEPOINT tenants_pg_trgm');
    return false;
  }
}

/**
 * Indexes for the tenant list's search and state filter:
 *
 * - the state filter's page, newest first, is an index range instead of a
 *   sort of every tenant in that state;
 * - on PostgreSQL, a trigram index serves `LIKE '%…%'` on the search text;
 * - on SQLite, the count of matches scans an index of the search text
 *   instead of the table (whose rows hold the spec), and the newest-first
 *   index carries the search text, so a page of matches reads only matching
 *   rows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tenants', table => {
    table.index(
      ['state', 'created_at', 'id'],
      'tenants_state_created_at_id_idx',
    );
  });
  const client = String(knex.client.config.client);
  if (client.includes('sqlite')) {
    await knex.raw(
      `CREATE INDEX tenants_search_text_idx ON tenants ((${SEARCH_TEXT}))`,
    );
    await knex.raw('DROP INDEX tenants_created_at_id_idx');
    await knex.raw(
      `CREATE INDEX tenants_created_at_id_idx ON tenants (created_at, id, (${SEARCH_TEXT}))`,
    );
  } else if (client.includes('pg') && (await trigramsInstalled(knex))) {
    await knex.raw(
      `CREATE INDEX tenants_search_text_trgm_idx ON tenants USING gin ((${SEARCH_TEXT}) gin_trgm_ops)`,
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const client = String(knex.client.config.client);
  if (client.includes('sqlite')) {
    await knex.raw('DROP INDEX tenants_search_text_idx');
    await knex.raw('DROP INDEX tenants_created_at_id_idx');
    await knex.raw(
      'CREATE INDEX tenants_created_at_id_idx ON tenants (created_at, id)',
    );
  } else if (client.includes('pg')) {
    await knex.raw('DROP INDEX IF EXISTS tenants_search_text_trgm_idx');
  }
  await knex.schema.alterTable('tenants', table => {
    table.dropIndex(
      ['state', 'created_at', 'id'],
      'tenants_state_created_at_id_idx',
    );
  });
};
