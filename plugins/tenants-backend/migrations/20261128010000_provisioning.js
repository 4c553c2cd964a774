// @ts-check

/**
 * Provisioning runs, their phases and logs, the audit trail, and the tenant
 * columns that the tenant list filters on.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tenants', table => {
    table.string('billing_tier', 32).nullable();
    table.string('resource_tier', 32).nullable();
    table.string('cloud_provider', 32).nullable();
  });
  const tenants = await knex('tenants').select('id', 'spec');
  for (const tenant of tenants) {
    const spec = JSON.parse(tenant.spec);
    await knex('tenants')
      .where({ id: tenant.id })
      .update({
        billing_tier: spec?.details?.billingTier ?? null,
        resource_tier: spec?.infrastructure?.resourceTier ?? null,
        cloud_provider: spec?.infrastructure?.cloudProvider ?? null,
      });
  }
  await knex.schema.alterTable('tenants', table => {
    table.index(['billing_tier'], 'tenants_billing_tier_idx');
    table.index(['resource_tier'], 'tenants_resource_tier_idx');
    table.index(['cloud_provider'], 'tenants_cloud_provider_idx');
    table.index(['cluster'], 'tenants_cluster_idx');
  });

  await knex.schema.createTable('tenant_runs', table => {
    table.comment('Provisioning runs: one row per attempt of a tenant');
    table.string('id', 36).primary().notNullable().comment('UUID of the run');
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table.integer('attempt').notNullable().comment('1 for the first run');
    table
      .string('scaffolder_task_id', 255)
      .nullable()
      .comment('Scaffolder task executing this run');
    table
      .string('status', 32)
      .notNullable()
      .comment('pending | in_progress | completed | failed');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table
      .timestamp('started_at', { useTz: true })
      .nullable()
      .comment('When the first phase started');
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.unique(['tenant_id', 'attempt'], {
      indexName: 'tenant_runs_tenant_attempt_uniq',
    });
  });

  await knex.schema.createTable('tenant_run_phases', table => {
    table.comment('The eight phases of each provisioning run');
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenant_runs')
      .onDelete('CASCADE');
    table.string('phase_id', 64).notNullable();
    table.integer('ordinal').notNullable().comment('1-based execution order');
    table
      .string('status', 32)
      .notNullable()
      .comment('pending | in_progress | completed | failed');
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('error_message').nullable();
    table.primary(['run_id', 'phase_id']);
  });

  await knex.schema.createTable('tenant_run_logs', table => {
    table.comment('Run log lines, bounded to the newest lines per run');
    table.increments('id').primary();
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenant_runs')
      .onDelete('CASCADE');
    table.string('phase_id', 64).nullable();
    table.timestamp('logged_at', { useTz: true }).notNullable();
    table.string('level', 16).notNullable();
    table.text('message').notNullable();
    table.index(['run_id', 'id'], 'tenant_run_logs_run_idx');
  });

  await knex.schema.createTable('tenant_audit_events', table => {
    table.comment('Audit trail of every mutating call of the Tenant Service');
    table.string('id', 36).primary().notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable().comment('Entity ref or subject');
    table.string('action', 64).notNullable();
    table
      .string('tenant_id', 36)
      .nullable()
      .comment('No foreign key: the trail outlives the tenant');
    table.string('outcome', 16).notNullable().comment('success | failure');
    table.text('details').notNullable().comment('JSON');
    table.index(['tenant_id', 'at'], 'tenant_audit_events_tenant_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenant_audit_events');
  await knex.schema.dropTable('tenant_run_logs');
  await knex.schema.dropTable('tenant_run_phases');
  await knex.schema.dropTable('tenant_runs');
  await knex.schema.alterTable('tenants', table => {
    table.dropIndex(['billing_tier'], 'tenants_billing_tier_idx');
    table.dropIndex(['resource_tier'], 'tenants_resource_tier_idx');
    table.dropIndex(['cloud_provider'], 'tenants_cloud_provider_idx');
    table.dropIndex(['cluster'], 'tenants_cluster_idx');
  });
  await knex.schema.alterTable('tenants', table => {
    table.dropColumn('billing_tier');
    table.dropColumn('resource_tier');
    table.dropColumn('cloud_provider');
  });
};
