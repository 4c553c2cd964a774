// @ts-check

/**
 * Change requests, their logs, and versioned tenant specs: `tenants.spec_version`
 * (1 as registered) and `tenant_spec_versions`, one row per version.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tenants', table => {
    table
      .integer('spec_version')
      .notNullable()
      .defaultTo(1)
      .comment('Version of spec: 1 as registered, +1 per applied change');
  });

  await knex.schema.createTable('tenant_spec_versions', table => {
    table.comment('Every version of each tenant spec');
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table.integer('version').notNullable();
    table.text('spec', 'longtext').notNullable().comment('TenantSpec as JSON');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('created_by', 255).notNullable();
    table
      .string('change_request_id', 36)
      .nullable()
      .comment('The change request that created this version');
    table.primary(['tenant_id', 'version']);
  });
  const tenants = await knex('tenants').select(
    'id',
    'spec',
    'created_by',
    'created_at',
  );
  for (const tenant of tenants) {
    await knex('tenant_spec_versions').insert({
      tenant_id: tenant.id,
      version: 1,
      spec: tenant.spec,
      created_at: tenant.created_at,
      created_by: tenant.created_by,
    });
  }

  await knex.schema.createTable('tenant_change_requests', table => {
    table.comment(
      'Change requests of tenant admins (resource tier, modules) and their approval and application',
    );
    table.string('id', 36).primary().notNullable();
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table
      .string('status', 32)
      .notNullable()
      .comment('pending | approved | applying | applied | failed | rejected');
    table.text('changes').notNullable().comment('Effective changes as JSON');
    table
      .text('diff')
      .notNullable()
      .comment('Changed fields with their values when filed, as JSON');
    table.text('reason').notNullable();
    table.string('requested_by', 255).notNullable();
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table.integer('base_spec_version').notNullable();
    table.string('decided_by', 255).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('decision_comment').nullable();
    table
      .integer('from_spec_version')
      .nullable()
      .comment('Spec version the change is applied on (set on approval)');
    table
      .text('target_spec', 'longtext')
      .nullable()
      .comment('The spec after the change, as JSON (set on approval)');
    table.integer('applied_spec_version').nullable();
    table.string('scaffolder_task_id', 255).nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('error_message').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['tenant_id', 'status'], 'tenant_change_requests_tenant_idx');
    table.index(
      ['status', 'requested_at'],
      'tenant_change_requests_status_idx',
    );
  });

  await knex.schema.createTable('tenant_change_request_logs', table => {
    table.comment('Log lines of applying change requests');
    table.increments('id').primary();
    table
      .string('change_request_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenant_change_requests')
      .onDelete('CASCADE');
    table.timestamp('logged_at', { useTz: true }).notNullable();
    table.string('level', 16).notNullable();
    table.text('message').notNullable();
    table.index(
      ['change_request_id', 'id'],
      'tenant_change_request_logs_cr_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenant_change_request_logs');
  await knex.schema.dropTable('tenant_change_requests');
  await knex.schema.dropTable('tenant_spec_versions');
  // SQLite drops a column by copying the table; with foreign keys on, dropping
  // the old copy would cascade to the tenants' runs.
  const sqlite = String(knex.client.config.client).includes('sqlite');
  if (sqlite) await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    await knex.schema.alterTable('tenants', table => {
      table.dropColumn('spec_version');
    });
  } finally {
    if (sqlite) await knex.raw('PRAGMA foreign_keys = ON');
  }
};

/** PRAGMA foreign_keys has no effect inside a transaction. */
exports.config = { transaction: false };
