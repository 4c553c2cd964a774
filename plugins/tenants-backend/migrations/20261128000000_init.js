// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenants', table => {
    table.comment(
      'Tenants of the data platform, one per provisioned namespace',
    );
    table
      .string('id', 36)
      .primary()
      .notNullable()
      .comment('UUID of the tenant');
    table
      .string('slug', 64)
      .notNullable()
      .unique()
      .comment('Unique, DNS-safe short name');
    table.string('name', 100).notNullable();
    table
      .text('spec', 'longtext')
      .notNullable()
      .comment('TenantSpec as JSON, without secret values');
    table.string('state', 32).notNullable().defaultTo('pending');
    table
      .string('cluster', 128)
      .nullable()
      .comment('Cluster the tenant is provisioned on');
    table
      .string('created_by', 255)
      .notNullable()
      .comment('Entity ref of the creator');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['state'], 'tenants_state_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenants');
};
