import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { tenantsApiRef } from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import type { DataSourceItem } from './validation';

/** Where a data source's connection test stands. */
export type ConnectionTest =
  | { state: 'running' }
  | { state: 'ok'; message: string; detail: string }
  | { state: 'failed'; message: string };

/**
 * A data source's connection test against the Tenant Service: `run` tests
 * it (the password is only sent), `reset` forgets the outcome when the data
 * source changes.
 */
export function useConnectionTest() {
  const tenantsApi = useApi(tenantsApiRef);
  const [test, setTest] = useState<ConnectionTest>();

  const run = async (item: DataSourceItem, password: string) => {
    setTest({ state: 'running' });
    try {
      const result = await tenantsApi.testDataSource({
        name: item.name,
        type: item.type,
        host: item.host,
        port: item.port as number,
        database: item.database,
        user: item.user,
        tlsMode: item.tlsMode,
        ...(password ? { password } : {}),
      });
      setTest(
        result.ok
          ? {
              state: 'ok',
              message: result.message,
              detail: [
                `${Math.round(result.latencyMs)} ms`,
                result.serverVersion,
              ]
                .filter(Boolean)
                .join(' · '),
            }
          : { state: 'failed', message: result.message },
      );
    } catch (error) {
      setTest({ state: 'failed', message: describeError(error) });
    }
  };

  return { test, run, reset: () => setTest(undefined) };
}
