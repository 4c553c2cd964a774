import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import {
  AUTH_METHODS,
  BILLING_TIERS,
  describeCidrProblem,
  MFA_POLICIES,
  PLATFORM_MODULES,
  RESOURCE_TIERS,
  type BillingPolicy,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { LABELS } from '../../shared/labels';
import { policyProblem } from '../../shared/policy';
import { cidrsOf, type ChangeFormValues } from './presentation';

/** The fields of the request form, each starting at the tenant's value. */
export interface ChangeFormFieldsProps {
  spec: TenantSpec;
  values: ChangeFormValues;
  onChange: (values: ChangeFormValues) => void;
  /** The billing policy, once loaded: choices it forbids are disabled with its reason. */
  policy?: BillingPolicy;
}

type ChoiceField = 'resourceTier' | 'billingTier' | 'authMethod' | 'mfaPolicy';

/** A select of one of the wizard's choices, marking the tenant's current value. */
function ChoiceSelect(
  props: ChangeFormFieldsProps & {
    field: ChoiceField;
    label: string;
    options: readonly string[];
    current: string;
    problemOf?: (value: string) => string | undefined;
  },
) {
  const { field, label, options, current, problemOf, values, onChange } = props;
  const labels = LABELS[field] as Record<string, string>;
  const id = `request-change-${field}`;
  return (
    <FormControl fullWidth margin="dense">
      <InputLabel id={id}>{label}</InputLabel>
      <Select
        labelId={id}
        value={values[field]}
        onChange={e => onChange({ ...values, [field]: e.target.value })}
      >
        {options.map(option => {
          const problem = problemOf?.(option);
          return (
            <MenuItem key={option} value={option} disabled={Boolean(problem)}>
              {labels[option] ?? option}
              {option === current ? ' (current)' : ''}
              {problem ? ` — ${problem}` : ''}
            </MenuItem>
          );
        })}
      </Select>
    </FormControl>
  );
}

/** Resource tier, billing tier, dedicated compute and GPU. */
export function InfrastructureFields(props: ChangeFormFieldsProps) {
  const { spec, values, onChange, policy } = props;
  const problem = (
    feature: 'resourceTier' | 'dedicatedCompute' | 'gpu',
    value: unknown,
  ) =>
    policy
      ? policyProblem(policy, values.billingTier, feature, value)
      : undefined;
  const flag = (key: 'dedicatedCompute' | 'gpuEnabled', label: string) => {
    const why =
      !values[key] && problem(key === 'gpuEnabled' ? 'gpu' : key, true);
    return (
      <FormControlLabel
        control={
          <Checkbox
            checked={values[key]}
            disabled={Boolean(why)}
            onChange={e => onChange({ ...values, [key]: e.target.checked })}
          />
        }
        label={why ? `${label} — ${why}` : label}
      />
    );
  };
  return (
    <FormControl component="fieldset" margin="normal" fullWidth>
      <FormLabel component="legend">Infrastructure and billing</FormLabel>
      <ChoiceSelect
        {...props}
        field="resourceTier"
        label="Resource tier"
        options={RESOURCE_TIERS}
        current={spec.infrastructure.resourceTier}
        problemOf={tier => problem('resourceTier', tier)}
      />
      <ChoiceSelect
        {...props}
        field="billingTier"
        label="Billing tier"
        options={BILLING_TIERS}
        current={spec.details.billingTier}
      />
      <FormGroup row>
        {flag('dedicatedCompute', 'Dedicated compute')}
        {flag('gpuEnabled', 'GPU')}
      </FormGroup>
    </FormControl>
  );
}

/** The platform modules, switched on or off. */
export function ModuleFields(props: ChangeFormFieldsProps) {
  const { values, onChange } = props;
  return (
    <FormControl component="fieldset" margin="normal">
      <FormLabel component="legend">Modules</FormLabel>
      <FormGroup>
        {PLATFORM_MODULES.map(module => (
          <FormControlLabel
            key={module.id}
            control={
              <Checkbox
                checked={values.modules[module.id]}
                onChange={e =>
                  onChange({
                    ...values,
                    modules: {
                      ...values.modules,
                      [module.id]: e.target.checked,
                    },
                  })
                }
              />
            }
            label={`${module.title} — ${module.description}`}
          />
        ))}
      </FormGroup>
    </FormControl>
  );
}

/** The first problem of the typed allowed ranges, if any. */
export function allowedCidrsProblem(text: string): string | undefined {
  for (const cidr of cidrsOf(text)) {
    const problem = describeCidrProblem(cidr);
    if (problem) return problem;
  }
  return undefined;
}

/** Authentication method, MFA policy and the allowed IP ranges. */
export function SecurityFields(props: ChangeFormFieldsProps) {
  const { spec, values, onChange } = props;
  const cidrProblem = allowedCidrsProblem(values.allowedCidrs);
  return (
    <FormControl component="fieldset" margin="normal" fullWidth>
      <FormLabel component="legend">Security</FormLabel>
      <ChoiceSelect
        {...props}
        field="authMethod"
        label="Authentication method"
        options={AUTH_METHODS}
        current={spec.security.authMethod}
      />
      <ChoiceSelect
        {...props}
        field="mfaPolicy"
        label="MFA policy"
        options={MFA_POLICIES}
        current={spec.security.mfaPolicy}
      />
      <TextField
        id="request-change-allowed-cidrs"
        label="Allowed IP ranges"
        fullWidth
        multiline
        minRows={2}
        margin="dense"
        value={values.allowedCidrs}
        error={Boolean(cidrProblem)}
        helperText={
          cidrProblem ?? 'CIDRs, one per line; empty allows every address'
        }
        onChange={e => onChange({ ...values, allowedCidrs: e.target.value })}
      />
    </FormControl>
  );
}

/** Description and the tenant admin's email. */
export function DetailsFields(props: ChangeFormFieldsProps) {
  const { values, onChange } = props;
  return (
    <FormControl component="fieldset" margin="normal" fullWidth>
      <FormLabel component="legend">Details</FormLabel>
      <TextField
        id="request-change-description"
        label="Description"
        fullWidth
        multiline
        margin="dense"
        inputProps={{ maxLength: 500 }}
        value={values.description}
        onChange={e => onChange({ ...values, description: e.target.value })}
      />
      <TextField
        id="request-change-admin-email"
        label="Admin email"
        type="email"
        fullWidth
        margin="dense"
        value={values.adminEmail}
        helperText="Its user becomes the tenant's admin in the catalog"
        onChange={e => onChange({ ...values, adminEmail: e.target.value })}
      />
    </FormControl>
  );
}
