import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  ALL_CHANGE_REQUESTS_SIGNAL_CHANNEL,
  tenantChangeRequestSignalChannel,
  type ChangeRequestSignal,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  tenantsApiRef,
  type ChangeRequest,
  type ChangeRequestListQuery,
} from '../../api/TenantsApi';

/** Re-read when nothing told us about a change for this long. */
export const CHANGE_REQUESTS_POLL_MS = 30_000;
/** Without signals, requests being applied are polled this often. */
export const CHANGE_REQUESTS_BUSY_POLL_MS = 5_000;

export interface ChangeRequestsLive {
  items?: ChangeRequest[];
  totalCount?: number;
  error?: Error;
  refresh: () => Promise<void>;
  /** The newest signal, so that details shown alongside can re-read too. */
  lastSignal?: ChangeRequestSignal | null;
}

/**
 * Change requests of one tenant (`query.tenantId`) or of every tenant the
 * user may read, kept current by the change-request signal channel: each
 * filed request and status change re-reads the list.
 */
export function useChangeRequests(
  query: ChangeRequestListQuery,
): ChangeRequestsLive {
  const api = useApi(tenantsApiRef);
  const [items, setItems] = useState<ChangeRequest[]>();
  const [totalCount, setTotalCount] = useState<number>();
  const [error, setError] = useState<Error>();
  // A slower, older answer must not overwrite a newer one.
  const ticket = useRef(0);
  const { tenantId, status, limit, offset } = query;

  const refresh = useCallback(async () => {
    const mine = ++ticket.current;
    try {
      const result = await api.listChangeRequests({
        tenantId,
        status,
        limit,
        offset,
      });
      if (mine === ticket.current) {
        setItems(result.items);
        setTotalCount(result.totalCount);
        setError(undefined);
      }
    } catch (e) {
      if (mine === ticket.current) setError(e as Error);
    }
  }, [api, tenantId, status, limit, offset]);

  useEffect(() => {
    refresh();
  }, [refresh]);

  const { lastSignal, isSignalsAvailable } = useSignal<ChangeRequestSignal>(
    tenantId
      ? tenantChangeRequestSignalChannel(tenantId)
      : ALL_CHANGE_REQUESTS_SIGNAL_CHANNEL,
  );
  useEffect(() => {
    if (lastSignal) refresh();
  }, [lastSignal, refresh]);

  const busy = items?.some(
    r => r.status === 'approved' || r.status === 'applying',
  );
  useEffect(() => {
    const timer = setInterval(
      () => refresh(),
      busy && !isSignalsAvailable
        ? CHANGE_REQUESTS_BUSY_POLL_MS
        : CHANGE_REQUESTS_POLL_MS,
    );
    return () => clearInterval(timer);
  }, [busy, isSignalsAvailable, refresh]);

  return { items, totalCount, error, refresh, lastSignal };
}
