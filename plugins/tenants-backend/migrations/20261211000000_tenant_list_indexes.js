// @ts-check

/**
 * Indexes for the orders of the tenant list (newest first by default), each
 * with `id` as the tie-breaker the list query sorts by, so that a page is an
 * index scan instead of a sort of every tenant.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tenants', table => {
    table.index(['created_at', 'id'], 'tenants_created_at_id_idx');
    table.index(['updated_at', 'id'], 'tenants_updated_at_id_idx');
    table.index(['name', 'id'], 'tenants_name_id_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('tenants', table => {
    table.dropIndex(['created_at', 'id'], 'tenants_created_at_id_idx');
    table.dropIndex(['updated_at', 'id'], 'tenants_updated_at_id_idx');
    table.dropIndex(['name', 'id'], 'tenants_name_id_idx');
  });
};
