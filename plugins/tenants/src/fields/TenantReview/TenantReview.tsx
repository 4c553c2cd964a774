import { useEffect, useMemo, useState } from 'react';
import type { JsonObject } from '@backstage/types';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  type FieldExtensionComponentProps,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { tenantsApiRef } from '../../api/TenantsApi';
import { TenantSpecSummary } from '../../shared/specSummary';
import type { DataSourceItem } from '../TenantDataSources';
import { specFingerprint, tenantSpecFromFormData } from '../wizard';
import { DryRunPreview } from './DryRunPreview';
import { dryRunOutcome, sameOutcome } from './dryRunOutcome';
import type { TenantReviewValue } from './validation';

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
  const missingPasswords = dataSources
    .filter(d => d.passwordSecret && !secrets[d.passwordSecret])
    .map(d => d.name);

  // Record the outcome as the field's value (the validation reads it).
  const outcome = useMemo(
    () =>
      dryRunOutcome({
        fingerprint,
        pending: dryRun.loading || dryRunFor !== fingerprint,
        error: dryRun.error,
        result: dryRun.value,
        missingPasswords,
      }),
    [dryRun, dryRunFor, fingerprint, missingPasswords],
  );

  useEffect(() => {
    if (!sameOutcome(outcome, value)) {
      onChange(outcome);
    }
  }, [outcome, value, onChange]);

  return (
    <Box id={idSchema?.$id} mt={1}>
      <Typography variant="body2" color="textSecondary" paragraph>
        Check the configuration before provisioning. To change something, go
        back to its step.
      </Typography>
      <TenantSpecSummary
        layout="sections"
        spec={spec}
        nearestCluster={dryRun.value?.cluster}
        secrets={secrets}
      />
      <DryRunPreview
        loading={dryRun.loading}
        error={dryRun.error}
        result={dryRun.value}
        onRunAgain={dryRun.retry}
        missingPasswords={missingPasswords}
      />
    </Box>
  );
};
