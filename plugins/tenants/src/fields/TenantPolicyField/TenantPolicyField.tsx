import { useEffect } from 'react';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Switch from '@material-ui/core/Switch';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { tenantsApiRef } from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import { policyProblem, tiersAllowing } from '../../shared/policy';
import { labelOf } from '../../shared/labels';
import {
  allowedReplacement,
  billingTierOf,
  featureOf,
  TenantPolicyFieldUiOptions,
} from './validation';

function HelperText(props: { id?: string; text: string }) {
  return props.text ? (
    <FormHelperText id={props.id} style={{ marginLeft: 0 }}>
      {props.text}
    </FormHelperText>
  ) : null;
}

/**
 * A choice the billing tier may restrict: the resource tier (options the
 * tier does not include are disabled) or a switch such as dedicated compute
 * or GPU (disabled when the tier does not include it). When the billing tier
 * changes to one that forbids the current value, the field falls back to an
 * allowed one.
 */
export const TenantPolicyField = (
  props: FieldExtensionComponentProps<
    string | boolean,
    TenantPolicyFieldUiOptions
  >,
) => {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors = [],
    required,
    disabled,
    idSchema,
    formContext,
  } = props;
  const tenantsApi = useApi(tenantsApiRef);
  const options = uiSchema?.['ui:options'];
  const feature = featureOf(options, schema);
  const billingTier = billingTierOf(
    formContext?.formData,
    options?.billingTierField,
  );
  const { value: policy, error } = useAsync(
    () => tenantsApi.getPolicy(),
    [tenantsApi],
  );

  const choices = ((schema.enum as string[] | undefined) ?? [
    'small',
    'medium',
    'large',
  ]) as string[];
  const choiceNames = schema.enumNames as string[] | undefined;
  const value = formData ?? (feature === 'resourceTier' ? undefined : false);

  const replacement = policy
    ? allowedReplacement(policy, billingTier, feature, value, choices)
    : undefined;
  useEffect(() => {
    if (replacement !== undefined) {
      onChange(replacement);
    }
  }, [replacement, onChange]);

  const loadProblem = error
    ? `Could not load the billing policy (${describeError(
        error,
      )}); the Tenant Service checks it when provisioning`
    : undefined;
  const tierName = labelOf('billingTier', billingTier);
  const id = idSchema?.$id;
  const helperId = id ? `${id}-helper` : undefined;
  const title = schema.title ?? feature;

  if (feature === 'resourceTier') {
    const forbidden = choices.filter(
      choice => policy && policyProblem(policy, billingTier, feature, choice),
    );
    let helperText = schema.description ?? '';
    if (loadProblem) {
      helperText = loadProblem;
    } else if (forbidden.length > 0) {
      helperText = `The ${tierName} tier includes ${choices
        .filter(choice => !forbidden.includes(choice))
        .map(choice => labelOf('resourceTier', choice))
        .join(' and ')} resources`;
    }
    return (
      <FormControl
        component="fieldset"
        margin="normal"
        required={required}
        disabled={disabled}
        error={rawErrors.length > 0}
      >
        <FormLabel component="legend">{title}</FormLabel>
        <RadioGroup
          row
          aria-label={title}
          aria-describedby={helperId}
          value={typeof value === 'string' ? value : ''}
          onChange={event => onChange(event.target.value)}
        >
          {choices.map((choice, index) => {
            const isForbidden = forbidden.includes(choice);
            const name =
              choiceNames?.[index] ?? labelOf('resourceTier', choice);
            const needs =
              isForbidden && policy
                ? ` (needs ${tiersAllowing(policy, feature, choice).join(
                    ' or ',
                  )})`
                : '';
            return (
              <FormControlLabel
                key={choice}
                value={choice}
                control={<Radio color="primary" />}
                label={`${name}${needs}`}
                disabled={disabled || isForbidden}
              />
            );
          })}
        </RadioGroup>
        <HelperText id={helperId} text={helperText} />
      </FormControl>
    );
  }

  const problem = policy
    ? policyProblem(policy, billingTier, feature, true)
    : undefined;
  const helperText = loadProblem ?? problem ?? schema.description ?? '';
  return (
    <FormControl
      margin="normal"
      disabled={disabled}
      error={rawErrors.length > 0}
    >
      <FormControlLabel
        control={
          <Switch
            id={id}
            color="primary"
            checked={value === true}
            onChange={event => onChange(event.target.checked)}
            inputProps={{ 'aria-describedby': helperId }}
          />
        }
        label={title}
        disabled={disabled || (!!problem && value !== true)}
      />
      <HelperText id={helperId} text={helperText} />
    </FormControl>
  );
};
