import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { describeChanges } from '@tenant-platform/backstage-plugin-tenants-common';
import type { ChangeRequest } from '../../api/TenantsApi';
import { ChangeRequestActions } from './ChangeRequestActions';
import { ChangeRequestDetails } from './ChangeRequestDetails';
import { ChangeRequestStatusChip } from './ChangeRequestStatusChip';
import { shortRef } from './presentation';
import type { DecisionRights } from './useDecisionRights';

/**
 * Change requests, one expandable row each: status, what changes, who asked
 * and when (and the tenant, on lists across tenants); expanded, the details,
 * the log and what the user may do.
 */
export function ChangeRequestList(props: {
  requests: ChangeRequest[];
  rights: DecisionRights;
  showTenant?: boolean;
  emptyMessage: string;
  onChanged: () => void;
}) {
  const { requests, rights, showTenant, emptyMessage, onChanged } = props;
  if (requests.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyMessage}
      </Typography>
    );
  }
  return (
    <Box role="list" aria-label="Change requests">
      {requests.map(request => {
        const summary = describeChanges(request.diff);
        return (
          <Accordion
            key={request.id}
            role="listitem"
            aria-label={`${showTenant ? `${request.tenantName}: ` : ''}${summary}`}
            data-status={request.status}
            TransitionProps={{ unmountOnExit: true }}
          >
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 16 }}>
                <ChangeRequestStatusChip status={request.status} />
                <Typography>
                  {showTenant && <strong>{request.tenantName}: </strong>}
                  {summary}
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  by {shortRef(request.requestedBy)},{' '}
                  {new Date(request.requestedAt).toLocaleString()}
                </Typography>
              </Box>
            </AccordionSummary>
            <AccordionDetails>
              <Box width="100%">
                <ChangeRequestDetails request={request} />
                <Box mt={2}>
                  <ChangeRequestActions
                    request={request}
                    rights={rights}
                    onChanged={onChanged}
                  />
                </Box>
              </Box>
            </AccordionDetails>
          </Accordion>
        );
      })}
    </Box>
  );
}
