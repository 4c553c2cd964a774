import { Fragment, type ReactNode } from 'react';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { labelOf } from '../../fields/wizard';
import {
  PLATFORM_MODULES,
  type TenantSpec,
} from '@internal/backstage-plugin-tenants-common';

/** What the UI shows instead of a secret. */
export const MASK = '••••';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
}));

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

function Facts(props: { facts: Array<[string, ReactNode]> }) {
  const classes = useStyles();
  return (
    <dl className={classes.facts}>
      {props.facts.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/**
 * The tenant's configuration by wizard step (1-5). Data-source passwords are
 * never part of the spec; a data source whose password was given shows it
 * masked, and the scaffolder secret's name is not shown either.
 */
export function TenantConfiguration(props: {
  spec: TenantSpec;
  cluster?: string;
}) {
  const { spec, cluster } = props;
  const { details, infrastructure, dataSources, modules, security } = spec;

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <InfoCard title="1 · Tenant Details">
          <Facts
            facts={[
              ['Tenant name', details.name],
              ['Slug', details.slug],
              ['Description', details.description || '—'],
              ['Billing tier', labelOf('billingTier', details.billingTier)],
              ['Admin email', details.adminEmail],
            ]}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="2 · Infrastructure">
          <Facts
            facts={[
              [
                'Cloud provider',
                labelOf('cloudProvider', infrastructure.cloudProvider),
              ],
              ['Region', infrastructure.region],
              ['Cluster', cluster ?? '—'],
              [
                'Resource tier',
                labelOf('resourceTier', infrastructure.resourceTier),
              ],
              ['Dedicated compute', yesNo(infrastructure.dedicatedCompute)],
              ['GPU enabled', yesNo(infrastructure.gpuEnabled)],
            ]}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="3 · Data Sources">
          {dataSources.length === 0 ? (
            <Typography variant="body2">No data sources.</Typography>
          ) : (
            <Table size="small" aria-label="Data sources">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Type</TableCell>
                  <TableCell>Host</TableCell>
                  <TableCell>Database</TableCell>
                  <TableCell>User</TableCell>
                  <TableCell>TLS</TableCell>
                  <TableCell>Password</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {dataSources.map(source => (
                  <TableRow key={source.name}>
                    <TableCell>{source.name}</TableCell>
                    <TableCell>
                      {labelOf('dataSourceType', source.type)}
                    </TableCell>
                    <TableCell>
                      {source.host}:{source.port}
                    </TableCell>
                    <TableCell>{source.database}</TableCell>
                    <TableCell>{source.user}</TableCell>
                    <TableCell>{labelOf('tlsMode', source.tlsMode)}</TableCell>
                    <TableCell
                      aria-label={
                        source.passwordSecret ? 'password set' : 'no password'
                      }
                    >
                      {source.passwordSecret ? MASK : '—'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="4 · Service Selection">
          <Facts
            facts={PLATFORM_MODULES.map(m => [
              m.title,
              modules[m.id] ? 'Enabled' : 'Disabled',
            ])}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="5 · Security">
          <Facts
            facts={[
              ['Authentication', labelOf('authMethod', security.authMethod)],
              ['MFA policy', labelOf('mfaPolicy', security.mfaPolicy)],
              [
                'Allowed network ranges',
                security.allowedCidrs.length
                  ? security.allowedCidrs.join(', ')
                  : 'Open (no restriction)',
              ],
            ]}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
