import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { LinkButton } from '@backstage/core-components';
import type { PlatformVersionsResponse } from '@tenant-platform/backstage-plugin-tenants-common';
import { useRolloutsLink } from '../shared/useRolloutsLink';

/**
 * "N tenant(s) run an older platform version than X", with "Start rollout"
 * (to the Rollouts page's start dialog) for platform admins; nothing while
 * every tenant runs the version in force.
 */
export function BehindBanner(props: {
  platform?: PlatformVersionsResponse;
  canRollout: boolean;
}) {
  const { platform, canRollout } = props;
  const rollouts = useRolloutsLink();
  if (!platform || platform.tenantsBehind === 0) return null;
  return (
    <Box
      role="status"
      aria-label="Platform version"
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      mb={2}
      style={{ gap: 16 }}
    >
      <Typography variant="body1">
        {platform.tenantsBehind} tenant(s) run an older platform version than{' '}
        {platform.current}.
      </Typography>
      {canRollout && rollouts && (
        <LinkButton
          to={`${rollouts}?start=1`}
          variant="contained"
          color="primary"
          size="small"
        >
          Start rollout
        </LinkButton>
      )}
    </Box>
  );
}
