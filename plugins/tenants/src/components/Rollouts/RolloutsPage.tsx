import { useState } from 'react';
import {
  Route,
  Routes,
  useNavigate,
  useParams,
  useSearchParams,
} from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ROLLOUT_STATES,
  tenantRolloutPermission,
  type PlatformVersionsResponse,
  type RolloutState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { usePlatformVersions } from '../PlatformVersion/usePlatformVersions';
import { ROLLOUT_STATE_LABELS } from './presentation';
import { RolloutDetailView } from './RolloutDetailView';
import { RolloutList } from './RolloutList';
import { StartRolloutDialog } from './StartRolloutDialog';
import { useRollouts } from './useRollouts';

const PAGE_SIZE = 20;
const ALL = 'all';

/** The version in force and how many tenants are behind it. */
function PlatformSummary(props: { platform?: PlatformVersionsResponse }) {
  const { platform } = props;
  if (!platform) return null;
  return (
    <Typography variant="body1" data-testid="platform-summary">
      Platform version in force: <strong>{platform.current}</strong> (declared:{' '}
      {platform.versions.map(v => v.version).join(', ')}).{' '}
      {platform.tenantsBehind === 0
        ? 'No tenant runs an older version.'
        : `${platform.tenantsBehind} tenant(s) run an older version.`}
    </Typography>
  );
}

/** The list of rollouts, with "Start rollout" (opened at once by `?start`). */
function RolloutsOverview() {
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const platform = usePlatformVersions();
  const [state, setState] = useState<RolloutState | typeof ALL>(ALL);
  const [page, setPage] = useState(0);
  const rollouts = useRollouts({
    state: state === ALL ? undefined : state,
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  });
  const [starting, setStarting] = useState(searchParams.has('start'));

  const closeStart = () => {
    setStarting(false);
    if (searchParams.has('start')) {
      const next = new URLSearchParams(searchParams);
      next.delete('start');
      setSearchParams(next, { replace: true });
    }
  };

  return (
    <>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        flexWrap="wrap"
        mb={2}
        style={{ gap: 16 }}
      >
        <PlatformSummary platform={platform.value} />
        <Button
          variant="contained"
          color="primary"
          onClick={() => setStarting(true)}
          disabled={!platform.value}
        >
          Start rollout
        </Button>
      </Box>
      {platform.error && <ResponseErrorPanel error={platform.error} />}
      <InfoCard
        title={`Rollouts${
          rollouts.totalCount === undefined ? '' : ` (${rollouts.totalCount})`
        }`}
        action={
          <FormControl size="small" style={{ minWidth: 160 }}>
            <InputLabel id="rollouts-state">State</InputLabel>
            <Select
              labelId="rollouts-state"
              value={state}
              onChange={e => {
                setState(e.target.value as typeof state);
                setPage(0);
              }}
            >
              <MenuItem value={ALL}>All</MenuItem>
              {ROLLOUT_STATES.map(s => (
                <MenuItem key={s} value={s}>
                  {ROLLOUT_STATE_LABELS[s]}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        }
      >
        {rollouts.error && <ResponseErrorPanel error={rollouts.error} />}
        {rollouts.items ? (
          <RolloutList
            rollouts={rollouts.items}
            emptyMessage={
              state === ALL
                ? 'No rollouts yet.'
                : 'No rollouts with this state.'
            }
          />
        ) : (
          !rollouts.error && <Progress />
        )}
        {(rollouts.totalCount ?? 0) > PAGE_SIZE && (
          <TablePagination
            component="div"
            count={rollouts.totalCount ?? 0}
            page={page}
            rowsPerPage={PAGE_SIZE}
            rowsPerPageOptions={[PAGE_SIZE]}
            onPageChange={(_, next) => setPage(next)}
          />
        )}
      </InfoCard>
      <StartRolloutDialog
        open={starting && Boolean(platform.value)}
        platform={platform.value}
        onClose={closeStart}
        onStarted={rollout => navigate(rollout.id)}
      />
    </>
  );
}

function RolloutRoute() {
  const { rolloutId } = useParams();
  return (
    <>
      <Box mb={2}>
        <Link to="..">← All rollouts</Link>
      </Box>
      <RolloutDetailView rolloutId={rolloutId!} />
    </>
  );
}

/**
 * The Rollouts page of platform admins (`tenant.rollout`): the platform
 * version in force, the rollouts upgrading tenants to a platform version in
 * waves, starting one, and each rollout's waves and tenants with pause,
 * resume, cancel, and retry or revert of a failed tenant. Others are told
 * the page is for platform admins.
 *
 * @public
 */
export function RolloutsPage() {
  const permission = usePermission({ permission: tenantRolloutPermission });
  let content;
  if (permission.loading) content = <Progress />;
  else if (!permission.allowed) {
    content = (
      <WarningPanel
        title="Rollouts are for platform admins"
        message="Starting and following platform version rollouts needs the tenant.rollout permission."
      />
    );
  } else {
    content = (
      <Routes>
        <Route path="/" element={<RolloutsOverview />} />
        <Route path="/:rolloutId" element={<RolloutRoute />} />
      </Routes>
    );
  }
  return (
    <Page themeId="tool">
      <Header
        title="Rollouts"
        subtitle="Platform versions rolled out to tenants in waves"
      />
      <Content>{content}</Content>
    </Page>
  );
}
