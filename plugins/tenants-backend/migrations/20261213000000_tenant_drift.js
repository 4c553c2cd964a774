// @ts-check

/**
 * The last drift check of each tenant (scheduled or on demand): its state,
 * how many differences it found, and the whole report as JSON (object, field
 * path, live and desired value; for Secrets only the path, never a value).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_drift', table => {
    table
      .string('tenant_id', 36)
      .primary()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table.string('state', 16).notNullable();
    table.integer('difference_count').notNullable();
    table.text('report').notNullable();
    table.dateTime('checked_at').notNullable();
    table.index(['state'], 'tenant_drift_state_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenant_drift');
};
