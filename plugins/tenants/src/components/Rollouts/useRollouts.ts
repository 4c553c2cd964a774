import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  ROLLOUTS_SIGNAL_CHANNEL,
  type RolloutSignal,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  tenantsApiRef,
  type Rollout,
  type RolloutDetail,
  type RolloutListQuery,
} from '../../api/TenantsApi';

/** Re-read when nothing told us about a change for this long. */
export const ROLLOUTS_POLL_MS = 30_000;
/** Without signals, running rollouts are polled this often. */
export const ROLLOUTS_BUSY_POLL_MS = 5_000;

/**
 * Re-runs `refresh` on every rollout signal, and polls as a fallback: every
 * {@link ROLLOUTS_POLL_MS}, or {@link ROLLOUTS_BUSY_POLL_MS} while `busy`
 * and signals are not available.
 */
function useRolloutUpdates(
  refresh: () => Promise<void>,
  busy: boolean,
  rolloutId?: string,
) {
  const { lastSignal, isSignalsAvailable } = useSignal<RolloutSignal>(
    ROLLOUTS_SIGNAL_CHANNEL,
  );
  useEffect(() => {
    if (lastSignal && (!rolloutId || lastSignal.rolloutId === rolloutId)) {
      refresh();
    }
  }, [lastSignal, rolloutId, refresh]);
  useEffect(() => {
    const timer = setInterval(
      () => refresh(),
      busy && !isSignalsAvailable ? ROLLOUTS_BUSY_POLL_MS : ROLLOUTS_POLL_MS,
    );
    return () => clearInterval(timer);
  }, [busy, isSignalsAvailable, refresh]);
  return { signalsAvailable: isSignalsAvailable };
}

/** A page of rollouts, newest first, kept current by the rollouts signal channel. */
export function useRollouts(query: RolloutListQuery) {
  const api = useApi(tenantsApiRef);
  const [items, setItems] = useState<Rollout[]>();
  const [totalCount, setTotalCount] = useState<number>();
  const [error, setError] = useState<Error>();
  // A slower, older answer must not overwrite a newer one.
  const ticket = useRef(0);
  const { state, limit, offset } = query;

  const refresh = useCallback(async () => {
    const mine = ++ticket.current;
    try {
      const result = await api.listRollouts({ state, limit, offset });
      if (mine === ticket.current) {
        setItems(result.items);
        setTotalCount(result.totalCount);
        setError(undefined);
      }
    } catch (e) {
      if (mine === ticket.current) setError(e as Error);
    }
  }, [api, state, limit, offset]);

  useEffect(() => {
    refresh();
  }, [refresh]);
  const busy = Boolean(items?.some(r => r.state === 'running'));
  useRolloutUpdates(refresh, busy);

  return { items, totalCount, error, refresh };
}

/** One rollout with its tenants, kept current by the rollouts signal channel. */
export function useRollout(id: string) {
  const api = useApi(tenantsApiRef);
  const [rollout, setRollout] = useState<RolloutDetail>();
  const [error, setError] = useState<Error>();
  const ticket = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++ticket.current;
    try {
      const result = await api.getRollout(id);
      if (mine === ticket.current) {
        setRollout(result);
        setError(undefined);
      }
    } catch (e) {
      if (mine === ticket.current) setError(e as Error);
    }
  }, [api, id]);

  /** An answer of an action (pause, retry, …) is the rollout as it is now. */
  const replace = useCallback((next: RolloutDetail) => {
    ticket.current++;
    setRollout(next);
    setError(undefined);
  }, []);

  useEffect(() => {
    setRollout(undefined);
    refresh();
  }, [refresh]);
  const busy = rollout?.state === 'running';
  const { signalsAvailable } = useRolloutUpdates(refresh, busy, id);

  return { rollout, error, refresh, replace, signalsAvailable };
}
