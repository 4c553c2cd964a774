import { ReactNode, useEffect, useMemo, useState } from 'react';
import type { JsonObject } from '@backstage/types';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  type FieldExtensionComponentProps,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import {
  PLATFORM_MODULES,
  PROVISIONING_PHASES,
} from '@internal/backstage-plugin-tenants-common';
import type { DryRunResult } from '../../api/TenantsApi';
import { tenantsApiRef } from '../../api/TenantsApi';
import type { DataSourceItem } from '../TenantDataSources/validation';
import { describeError, serviceFieldErrors } from '../errors';
import { StatusLine } from '../StatusLine';
import {
  labelOf,
  MODULE_PARAMETERS,
  specFingerprint,
  tenantSpecFromFormData,
} from '../wizard';
import type { TenantReviewValue } from './validation';

/** What is shown in place of a secret. */
export const MASK = '••••••••';

type Row = [label: string, value: ReactNode];

const yesNo = (value: unknown) => (value === true ? 'Yes' : 'No');
const text = (value: unknown) =>
  value === undefined || value === null || value === '' ? '—' : String(value);

function ReviewGroup(props: { step: number; title: string; rows: Row[] }) {
  const { step, title, rows } = props;
  const headingId = `tenant-review-step-${step}`;
  return (
    <Box component="section" aria-labelledby={headingId} mb={2}>
      <Typography variant="subtitle1" id={headingId}>
        {step}. {title}
      </Typography>
      <Table size="small">
        <TableBody>
          {rows.map(([label, value], index) => (
            <TableRow key={`${label}-${index}`}>
              <TableCell
                component="th"
                scope="row"
                style={{ width: '30%', fontWeight: 500 }}
              >
                {label}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

const OUTCOME_KEYS: Array<keyof TenantReviewValue> = [
  'status',
  'fingerprint',
  'cluster',
  'namespace',
  'objectCount',
  'message',
];

function sameOutcome(a: TenantReviewValue, b: TenantReviewValue | undefined) {
  return !!b && OUTCOME_KEYS.every(key => a[key] === b[key]);
}

function phaseLabel(phaseId: string, name: string): string {
  const phase = PROVISIONING_PHASES.find(p => p.id === phaseId);
  return phase ? `Phase ${phase.number} · ${phase.name}` : name;
}

function DryRunPreview(props: { result: DryRunResult }) {
  const { result } = props;
  const objectCount = result.phases.reduce(
    (sum, phase) => sum + phase.objects.length,
    0,
  );
  const failed = result.phases.filter(phase => phase.error);
  return (
    <>
      {failed.length > 0 ? (
        <StatusLine severity="error">
          The API server rejected objects in{' '}
          {failed.map(p => phaseLabel(p.phaseId, p.name)).join(', ')}; fix the
          configuration or the cluster before provisioning.
        </StatusLine>
      ) : (
        <StatusLine severity="success">
          The dry run passed: {objectCount} objects in {result.phases.length}{' '}
          phases on cluster {result.cluster}, namespace {result.namespace}.
        </StatusLine>
      )}
      {result.phases.map(phase => (
        <Box
          key={phase.phaseId}
          component="section"
          aria-label={phaseLabel(phase.phaseId, phase.name)}
          mt={2}
        >
          <Typography variant="subtitle2">
            {phaseLabel(phase.phaseId, phase.name)}{' '}
            <Typography
              component="span"
              variant="caption"
              color="textSecondary"
            >
              ({phase.objects.length} object
              {phase.objects.length === 1 ? '' : 's'})
            </Typography>
          </Typography>
          {phase.error && (
            <StatusLine severity="error">{phase.error}</StatusLine>
          )}
          <Box component="ul" m={0} pl={3}>
            {phase.objects.map(object => (
              <li
                key={`${object.apiVersion}/${object.kind}/${
                  object.namespace ?? ''
                }/${object.name}`}
              >
                <Typography variant="body2" component="span">
                  {object.kind}/{object.name}
                </Typography>{' '}
                <Chip
                  size="small"
                  variant="outlined"
                  label={object.outcome}
                  style={{ height: 18, fontSize: '0.7rem' }}
                />
              </li>
            ))}
          </Box>
        </Box>
      ))}
    </>
  );
}

/**
 * Step 6 of the provisioning wizard: everything the earlier steps collected,
 * grouped by step with secrets masked, and a dry-run preview from the Tenant
 * Service of the objects each phase would apply and any error the API server
 * returns. The field's value records the dry run's outcome, so the wizard
 * only goes on to provisioning when the dry run of this configuration passed.
 */
export const TenantReview = (
  props: FieldExtensionComponentProps<TenantReviewValue>,
) => {
  const { formData: value, onChange, formContext, idSchema } = props;
  const tenantsApi = useApi(tenantsApiRef);
  const { secrets } = useTemplateSecrets();
  const parameters: JsonObject = formContext?.formData ?? {};
  const spec = tenantSpecFromFormData(parameters);
  const fingerprint = specFingerprint(spec);

  const [dryRunFor, setDryRunFor] = useState(fingerprint);
  const dryRun = useAsyncRetry(() => {
    setDryRunFor(fingerprint);
    return tenantsApi.dryRun({ spec });
    // The spec is sent again only when its fingerprint changes.
  }, [tenantsApi, fingerprint]);

  const dataSources = (Array.isArray(parameters.dataSources)
    ? parameters.dataSources
    : []) as unknown as DataSourceItem[];
  const missingPasswords = dataSources.filter(
    d => d.passwordSecret && !secrets[d.passwordSecret],
  );

  // Record the outcome as the field's value (the validation reads it).
  const outcome = useMemo((): TenantReviewValue => {
    if (dryRun.loading || dryRunFor !== fingerprint) {
      return { status: 'pending', fingerprint };
    }
    if (dryRun.error) {
      return {
        status: 'failed',
        fingerprint,
        message: `The dry run failed: ${describeError(dryRun.error)}`,
      };
    }
    const result = dryRun.value;
    if (!result) {
      return { status: 'pending', fingerprint };
    }
    const objectCount = result.phases.reduce(
      (sum, phase) => sum + phase.objects.length,
      0,
    );
    const failedPhases = result.phases.filter(phase => phase.error);
    const base = {
      fingerprint,
      cluster: result.cluster,
      namespace: result.namespace,
      objectCount,
    };
    if (failedPhases.length > 0) {
      return {
        ...base,
        status: 'failed',
        message: `The dry run failed in ${failedPhases
          .map(p => phaseLabel(p.phaseId, p.name))
          .join(', ')}: ${failedPhases.map(p => p.error).join('; ')}`,
      };
    }
    if (missingPasswords.length > 0) {
      const names = missingPasswords.map(d => `'${d.name}'`).join(', ');
      return {
        ...base,
        status: 'failed',
        message: `Enter the password of ${names} again on the Data Sources step (secrets are not kept when the page reloads)`,
      };
    }
    return { ...base, status: 'passed' };
  }, [dryRun, dryRunFor, fingerprint, missingPasswords]);

  useEffect(() => {
    if (!sameOutcome(outcome, value)) {
      onChange(outcome);
    }
  }, [outcome, value, onChange]);

  const details = spec.details as Record<string, unknown>;
  const infrastructure = spec.infrastructure as Record<string, unknown>;
  const security = spec.security as Record<string, unknown>;
  const cidrs = (security.allowedCidrs as string[] | undefined) ?? [];
  const nearestCluster =
    infrastructure.region === 'nearest' || infrastructure.region === undefined
      ? dryRun.value?.cluster
      : undefined;

  const fieldErrors = serviceFieldErrors(dryRun.error);

  return (
    <Box id={idSchema?.$id} mt={1}>
      <Typography variant="body2" color="textSecondary" paragraph>
        Check the configuration before provisioning. To change something, go
        back to its step.
      </Typography>
      <ReviewGroup
        step={1}
        title="Tenant Details"
        rows={[
          ['Tenant name', text(details.name)],
          ['Slug', text(details.slug)],
          ['Description', text(details.description)],
          ['Billing tier', labelOf('billingTier', details.billingTier)],
          ['Admin email', text(details.adminEmail)],
        ]}
      />
      <ReviewGroup
        step={2}
        title="Infrastructure"
        rows={[
          [
            'Cloud provider',
            labelOf('cloudProvider', infrastructure.cloudProvider),
          ],
          [
            'Region',
            infrastructure.region === 'nearest' ||
            infrastructure.region === undefined
              ? `Nearest${nearestCluster ? ` (cluster ${nearestCluster})` : ''}`
              : text(infrastructure.region),
          ],
          [
            'Resource tier',
            labelOf('resourceTier', infrastructure.resourceTier),
          ],
          ['Dedicated compute', yesNo(infrastructure.dedicatedCompute)],
          ['GPU enabled', yesNo(infrastructure.gpuEnabled)],
        ]}
      />
      <ReviewGroup
        step={3}
        title="Data Sources"
        rows={
          dataSources.length === 0
            ? [['Data sources', 'None']]
            : dataSources.map((d): Row => {
                let password = 'none';
                if (d.passwordSecret) {
                  password = secrets[d.passwordSecret]
                    ? MASK
                    : 'missing: enter it again on the Data Sources step';
                }
                return [
                  text(d.name),
                  `${labelOf('dataSourceType', d.type)} · ${d.host}:${d.port}/${
                    d.database
                  } · user ${d.user} · TLS ${labelOf(
                    'tlsMode',
                    d.tlsMode,
                  )} · password ${password}`,
                ];
              })
        }
      />
      <ReviewGroup
        step={4}
        title="Service Selection"
        rows={PLATFORM_MODULES.map((module): Row => {
          const enabled = parameters[MODULE_PARAMETERS[module.id]];
          return [
            module.title,
            enabled ?? module.defaultEnabled ? 'Enabled' : 'Disabled',
          ];
        })}
      />
      <ReviewGroup
        step={5}
        title="Security"
        rows={[
          ['Authentication method', labelOf('authMethod', security.authMethod)],
          ['MFA policy', labelOf('mfaPolicy', security.mfaPolicy)],
          [
            'Allowed network ranges',
            cidrs.length === 0 ? 'Open (no restriction)' : cidrs.join(', '),
          ],
        ]}
      />

      <Box component="section" aria-labelledby="tenant-review-dry-run" mt={3}>
        <Box display="flex" alignItems="center">
          <Typography variant="h6" id="tenant-review-dry-run">
            Dry-run preview
          </Typography>
          <Box flexGrow={1} />
          <Button
            size="small"
            startIcon={<RefreshIcon />}
            disabled={dryRun.loading}
            onClick={dryRun.retry}
          >
            Run again
          </Button>
        </Box>
        <Typography variant="body2" color="textSecondary">
          What each provisioning phase would apply, checked by the cluster’s API
          server without changing anything.
        </Typography>
        {dryRun.loading && (
          <Box mt={2}>
            <LinearProgress />
            <Typography variant="body2" color="textSecondary">
              Running the dry run…
            </Typography>
          </Box>
        )}
        {!dryRun.loading && dryRun.error && (
          <>
            <StatusLine severity="error">
              The Tenant Service rejected the dry run:{' '}
              {describeError(dryRun.error)}
            </StatusLine>
            {fieldErrors.length > 0 && (
              <Box component="ul" m={0} pl={3}>
                {fieldErrors.map(f => (
                  <li key={`${f.field}-${f.message}`}>
                    <Typography variant="body2">
                      {f.field}: {f.message}
                    </Typography>
                  </li>
                ))}
              </Box>
            )}
          </>
        )}
        {!dryRun.loading && dryRun.value && (
          <DryRunPreview result={dryRun.value} />
        )}
        {missingPasswords.length > 0 && (
          <StatusLine severity="error">
            Enter the password of{' '}
            {missingPasswords.map(d => `'${d.name}'`).join(', ')} again on the
            Data Sources step: secrets are not kept when the page reloads.
          </StatusLine>
        )}
      </Box>
    </Box>
  );
};
