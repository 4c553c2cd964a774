import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { PlatformVersionsResponse } from '@tenant-platform/backstage-plugin-tenants-common';
import { isVersionBehind } from '../Rollouts/presentation';

/**
 * A tenant's platform version and, when it is older than the one in force,
 * "behind (→ <version in force>)"; with `onPreview`, a button that shows what
 * the upgrade would change.
 */
export function PlatformVersionCell(props: {
  version?: string;
  platform?: PlatformVersionsResponse;
  onPreview?: () => void;
}) {
  const { version, platform, onPreview } = props;
  const behind = isVersionBehind(version, platform);
  return (
    <Box data-testid="platform-version" data-behind={behind}>
      <Typography variant="body2" component="span">
        {version ?? '—'}
      </Typography>
      {behind && platform && (
        <Typography
          variant="body2"
          component="span"
          color="error"
          title={`Older than ${platform.current}, the version in force`}
        >
          {' '}
          behind (→ {platform.current})
        </Typography>
      )}
      {behind && onPreview && (
        <Box>
          <Button size="small" color="primary" onClick={onPreview}>
            Preview upgrade
          </Button>
        </Box>
      )}
    </Box>
  );
}
