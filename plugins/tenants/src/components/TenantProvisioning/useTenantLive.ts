import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  tenantSignalChannel,
  type ProvisioningStatus,
  type TenantStatusSignal,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef, type TenantDetails } from '../../api/TenantsApi';
import { isTenantBusy } from './presentation';

/** Status and record are re-read when nothing else told us about a change for this long. */
export const FALLBACK_POLL_MS = 30_000;
/** Without signals, a busy tenant is polled this often. */
export const NO_SIGNALS_POLL_MS = 5_000;
/**
 * Log lines carry no signal of their own (status changes do), so while a
 * run or a rollback is going and the logs are followed, the status (which
 * carries the newest log lines) is re-read this often.
 */
export const FOLLOW_LOGS_POLL_MS = 5_000;

export interface TenantLive {
  tenant?: TenantDetails;
  status?: ProvisioningStatus;
  error?: Error;
  loading: boolean;
  /** Re-reads the tenant and its status now. */
  refresh: () => Promise<void>;
  /** When the newest signal for this tenant arrived. */
  lastSignalAt?: number;
  signalsAvailable: boolean;
}

/**
 * The tenant record (with its newest run) and its ProvisioningStatus, kept
 * current by the tenant's signal channel (`tenants:<id>`): every status
 * change re-reads both at once. Polling is only a fallback (every 30 s), and
 * while something is going on, the status is also re-read every few seconds
 * to follow new log lines when `followLogs` is set.
 */
export function useTenantLive(
  tenantId: string,
  options: { followLogs: boolean },
): TenantLive {
  const api = useApi(tenantsApiRef);
  const [tenant, setTenant] = useState<TenantDetails>();
  const [status, setStatus] = useState<ProvisioningStatus>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [lastSignalAt, setLastSignalAt] = useState<number>();
  // Tickets per kind of answer: a slower, older answer must not overwrite a newer one.
  const tickets = useRef({ tenant: 0, status: 0 });

  const load = useCallback(
    async (what: 'all' | 'status') => {
      const statusTicket = ++tickets.current.status;
      const tenantTicket =
        what === 'all' ? ++tickets.current.tenant : undefined;
      try {
        const [nextTenant, nextStatus] = await Promise.all([
          what === 'all' ? api.getTenant(tenantId) : undefined,
          api.getStatus(tenantId),
        ]);
        if (nextTenant && tenantTicket === tickets.current.tenant) {
          setTenant(nextTenant);
        }
        if (statusTicket === tickets.current.status) {
          setStatus(nextStatus);
        }
        setError(undefined);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [api, tenantId],
  );

  const refresh = useCallback(() => load('all'), [load]);

  useEffect(() => {
    setLoading(true);
    setTenant(undefined);
    setStatus(undefined);
    refresh();
  }, [refresh]);

  const { lastSignal, isSignalsAvailable } = useSignal<TenantStatusSignal>(
    tenantSignalChannel(tenantId),
  );
  useEffect(() => {
    if (lastSignal) {
      setLastSignalAt(Date.now());
      refresh();
    }
  }, [lastSignal, refresh]);

  const busy = isTenantBusy(tenant) || status?.status === 'in_progress';
  useEffect(() => {
    const fallback = setInterval(
      () => refresh(),
      busy && !isSignalsAvailable ? NO_SIGNALS_POLL_MS : FALLBACK_POLL_MS,
    );
    const follow =
      busy && options.followLogs
        ? setInterval(() => load('status'), FOLLOW_LOGS_POLL_MS)
        : undefined;
    return () => {
      clearInterval(fallback);
      if (follow) clearInterval(follow);
    };
  }, [busy, isSignalsAvailable, options.followLogs, refresh, load]);

  return {
    tenant,
    status,
    error,
    loading,
    refresh,
    lastSignalAt,
    signalsAvailable: isSignalsAvailable,
  };
}
