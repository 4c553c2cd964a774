// @ts-check

/**
 * Platform versions and rollouts: the platform version each tenant runs
 * (filled in at start-up for tenants registered before, see
 * recordUnrecordedPlatformVersions), rollouts of a version across tenants in
 * waves, and each rollout's tenants with the change request upgrading them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tenants', table => {
    table.string('platform_version', 64).nullable();
    table.index(['platform_version'], 'tenants_platform_version_idx');
  });
  await knex.schema.createTable('rollouts', table => {
    table.string('id', 36).primary();
    table.string('target_version', 64).notNullable();
    table.string('state', 16).notNullable();
    table.text('reason').notNullable();
    table.integer('wave_size').notNullable();
    table.integer('pause_seconds').notNullable();
    table.integer('max_failures').notNullable();
    table.integer('wave_count').notNullable();
    table.integer('current_wave').notNullable();
    table.dateTime('next_wave_at').nullable();
    table.text('state_reason').nullable();
    table.string('created_by', 255).notNullable();
    table.dateTime('created_at').notNullable();
    table.dateTime('updated_at').notNullable();
    table.dateTime('finished_at').nullable();
    table.index(['state'], 'rollouts_state_idx');
    table.index(['created_at'], 'rollouts_created_at_idx');
  });
  await knex.schema.createTable('rollout_tenants', table => {
    table
      .string('rollout_id', 36)
      .notNullable()
      .references('id')
      .inTable('rollouts')
      .onDelete('CASCADE');
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table.integer('position').notNullable();
    table.integer('wave').notNullable();
    table.string('state', 16).notNullable();
    table.string('from_version', 64).notNullable();
    table.string('change_request_id', 36).nullable();
    table.text('error_message').nullable();
    table.dateTime('started_at').nullable();
    table.dateTime('finished_at').nullable();
    table.primary(['rollout_id', 'tenant_id']);
    table.index(['tenant_id'], 'rollout_tenants_tenant_idx');
    table.index(['change_request_id'], 'rollout_tenants_change_request_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_tenants');
  await knex.schema.dropTable('rollouts');
  // SQLite drops a column by copying the table; with foreign keys on, dropping
  // the old copy would cascade to the tenants' runs.
  const sqlite = String(knex.client.config.client).includes('sqlite');
  if (sqlite) await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    await knex.schema.alterTable('tenants', table => {
      table.dropIndex(['platform_version'], 'tenants_platform_version_idx');
      table.dropColumn('platform_version');
    });
  } finally {
    if (sqlite) await knex.raw('PRAGMA foreign_keys = ON');
  }
};

/** PRAGMA foreign_keys has no effect inside a transaction. */
exports.config = { transaction: false };
