import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  ROLLOUTS_SIGNAL_CHANNEL,
  type RolloutSignal,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef } from '../../api/TenantsApi';

/**
 * The declared platform versions, the one in force and how many tenants are
 * behind it; read again whenever a rollout changes (its signal), keeping
 * the last answer meanwhile.
 */
export function usePlatformVersions() {
  const api = useApi(tenantsApiRef);
  const { lastSignal } = useSignal<RolloutSignal>(ROLLOUTS_SIGNAL_CHANNEL);
  return useAsync(async () => api.getPlatformVersions(), [api, lastSignal]);
}
