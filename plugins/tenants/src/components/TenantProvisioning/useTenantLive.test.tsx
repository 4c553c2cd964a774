import { act, render } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { tenantsApiRef } from '../../api/TenantsApi';
import {
  buildRun,
  buildStatus,
  buildTenant,
  TENANT_ID,
} from '../../__testUtils__/tenants';
import {
  FALLBACK_POLL_MS,
  FOLLOW_LOGS_POLL_MS,
  NO_SIGNALS_POLL_MS,
  useTenantLive,
} from './useTenantLive';

function setup(options: {
  tenant: ReturnType<typeof buildTenant>;
  status?: ReturnType<typeof buildStatus>;
  signals: boolean;
  followLogs: boolean;
}) {
  let publish: (message: any) => void = () => {};
  const signalApi: SignalApi = {
    subscribe: (_channel, onMessage) => {
      publish = onMessage;
      return { unsubscribe: () => {} };
    },
  };
  const api = {
    getTenant: jest.fn(async () => options.tenant),
    getStatus: jest.fn(async () => options.status ?? buildStatus()),
  };
  const Probe = () => {
    useTenantLive(TENANT_ID, { followLogs: options.followLogs });
    return null;
  };
  const apis: any[] = [[tenantsApiRef, api]];
  if (options.signals) apis.push([signalApiRef, signalApi]);
  render(
    <TestApiProvider apis={apis as any}>
      <Probe />
    </TestApiProvider>,
  );
  return { api, publish: (m: any) => act(() => publish(m)) };
}

/** Lets pending promises settle and advances the clock. */
async function advance(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
    await Promise.resolve();
  });
}

describe('useTenantLive', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reads a settled tenant once and then only every 30 s, or at once on a signal', async () => {
    const { api, publish } = setup({
      tenant: buildTenant({
        state: 'ready',
        latestRun: buildRun({ status: 'completed' }),
      }),
      status: buildStatus({ status: 'completed', progress_percentage: 100 }),
      signals: true,
      followLogs: true,
    });
    await advance(0);
    expect(api.getTenant).toHaveBeenCalledTimes(1);

    await advance(FALLBACK_POLL_MS - 1000);
    expect(api.getTenant).toHaveBeenCalledTimes(1);
    expect(api.getStatus).toHaveBeenCalledTimes(1);

    publish({ tenantId: TENANT_ID, state: 'ready' });
    await advance(0);
    expect(api.getTenant).toHaveBeenCalledTimes(2);

    await advance(1000);
    expect(api.getTenant).toHaveBeenCalledTimes(3);
  });

  it('follows the log lines of a running tenant by re-reading only the status', async () => {
    const { api } = setup({
      tenant: buildTenant(),
      signals: true,
      followLogs: true,
    });
    await advance(0);
    await advance(FOLLOW_LOGS_POLL_MS);
    expect(api.getStatus).toHaveBeenCalledTimes(2);
    expect(api.getTenant).toHaveBeenCalledTimes(1);
  });

  it('does not follow the logs when asked not to', async () => {
    const { api } = setup({
      tenant: buildTenant(),
      signals: true,
      followLogs: false,
    });
    await advance(0);
    await advance(FOLLOW_LOGS_POLL_MS * 2);
    expect(api.getStatus).toHaveBeenCalledTimes(1);
  });

  it('polls a busy tenant more often when signals are not available', async () => {
    const { api } = setup({
      tenant: buildTenant(),
      signals: false,
      followLogs: false,
    });
    await advance(0);
    await advance(NO_SIGNALS_POLL_MS);
    expect(api.getTenant).toHaveBeenCalledTimes(2);
  });
});
