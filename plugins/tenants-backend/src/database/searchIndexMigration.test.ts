import { resolvePackagePath } from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import {
  createTestDatabases,
  requirePostgresUrl,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const directory = resolvePackagePath(
  '@tenant-platform/backstage-plugin-tenants-backend',
  'migrations',
);
// PostgreSQL only (SQLite has no extensions); the test command provides it.
requirePostgresUrl();
const postgresIds = ids.filter(id => id.startsWith('POSTGRES'));

describe.each(postgresIds)('the search index migration on %s', databaseId => {
  it('installs pg_trgm and indexes the search text', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
    const indexes = await knex('pg_indexes')
      .where({ tablename: 'tenants' })
      .pluck('indexname');
    expect(indexes).toContain('tenants_search_text_trgm_idx');
  });

  it('completes without the trigram index for a user who may not install extensions', async () => {
    const admin = await databases.init(databaseId);
    const database: string = (
      await admin.raw('SELECT current_database() AS name')
    ).rows[0].name;
    const role = `tenants_limited_${Date.now().toString(36)}`;
    await admin.raw(`CREATE ROLE ${role} LOGIN PASSWORD 'limited'`);
    await admin.raw(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
    await admin.raw(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`);
    const connection = admin.client.config.connection;
    const limited = knexFactory({
      client: 'pg',
      connection: {
        ...connection,
        database,
        user: role,
        password: 'limited',
      },
    });
    try {
      await limited.migrate.latest({ directory });
      const installed = await admin('pg_extension')
        .where({ extname: 'pg_trgm' })
        .pluck('extname');
      expect(installed).toEqual([]);
      const indexes = await admin('pg_indexes')
        .where({ tablename: 'tenants' })
        .pluck('indexname');
      expect(indexes).toContain('tenants_state_created_at_id_idx');
      expect(indexes).not.toContain('tenants_search_text_trgm_idx');
    } finally {
      await limited.destroy();
      await admin.raw(`DROP OWNED BY ${role}`);
      await admin.raw(`DROP ROLE ${role}`);
    }
  });
});
