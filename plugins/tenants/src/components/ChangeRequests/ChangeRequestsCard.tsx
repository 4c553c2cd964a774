import { useState } from 'react';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  CHANGE_REQUEST_STATUSES,
  type ChangeRequestStatus,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { ChangeRequestList } from './ChangeRequestList';
import { CHANGE_REQUEST_STATUS_LABELS } from './presentation';
import { useChangeRequests } from './useChangeRequests';
import { useDecisionRights } from './useDecisionRights';

const ALL = 'all';

/**
 * Change requests across the tenants the user may read, pending ones first
 * shown: where platform admins find what waits for them.
 */
export function ChangeRequestsCard() {
  const [status, setStatus] = useState<ChangeRequestStatus | typeof ALL>(
    'pending',
  );
  const requests = useChangeRequests({
    status: status === ALL ? undefined : status,
    limit: 100,
  });
  const rights = useDecisionRights();
  const count = requests.totalCount;

  return (
    <InfoCard
      title={`Change requests${count === undefined ? '' : ` (${count})`}`}
      action={
        <FormControl size="small" style={{ minWidth: 180 }}>
          <InputLabel id="change-requests-status">Status</InputLabel>
          <Select
            labelId="change-requests-status"
            value={status}
            onChange={e => setStatus(e.target.value as typeof status)}
          >
            <MenuItem value={ALL}>All</MenuItem>
            {CHANGE_REQUEST_STATUSES.map(s => (
              <MenuItem key={s} value={s}>
                {CHANGE_REQUEST_STATUS_LABELS[s]}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      }
    >
      {requests.error && <ResponseErrorPanel error={requests.error} />}
      {requests.items ? (
        <ChangeRequestList
          requests={requests.items}
          rights={rights}
          showTenant
          emptyMessage={
            status === 'pending'
              ? 'No change requests wait for a decision.'
              : 'No change requests with this status.'
          }
          onChanged={requests.refresh}
        />
      ) : (
        !requests.error && <Progress />
      )}
    </InfoCard>
  );
}
