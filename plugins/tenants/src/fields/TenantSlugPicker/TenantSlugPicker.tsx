import { useEffect, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import { useApi } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  SLUG_MAX_LENGTH,
  suggestSlug,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef } from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import { slugFormatProblem, slugTakenMessage } from './validation';

/** ui:options of the TenantSlugPicker field. */
export interface TenantSlugPickerUiOptions {
  /** The parameter holding the tenant name the slug is suggested from. Default `name`. */
  nameField?: string;
}

type Availability =
  | { slug: string; state: 'checking' }
  | { slug: string; state: 'available' }
  | { slug: string; state: 'taken'; message: string }
  | { slug: string; state: 'unknown'; message: string };

/** How long typing must pause before the slug's availability is checked. */
export const AVAILABILITY_CHECK_DELAY_MS = 300;

/**
 * The tenant slug: suggested from the tenant name until the user edits it,
 * checked for format as the user types, and checked for uniqueness against
 * the Tenant Service (existing tenants and runs in progress).
 */
export const TenantSlugPicker = (
  props: FieldExtensionComponentProps<string, TenantSlugPickerUiOptions>,
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
  const nameField = uiSchema?.['ui:options']?.nameField ?? 'name';
  const name = formContext?.formData?.[nameField];
  const suggestion = typeof name === 'string' ? suggestSlug(name) : '';
  const slug = formData ?? '';

  // Follow the name while the slug is empty or still the previous suggestion.
  const lastSuggestion = useRef<string | undefined>(undefined);
  useEffect(() => {
    const previous = lastSuggestion.current;
    lastSuggestion.current = suggestion;
    if (previous === suggestion) {
      return;
    }
    if ((slug === '' || slug === previous) && slug !== suggestion) {
      onChange(suggestion || undefined);
    }
  }, [suggestion, slug, onChange]);

  const formatProblem = slug ? slugFormatProblem(slug) : undefined;

  const [availability, setAvailability] = useState<Availability>();
  useEffect(() => {
    if (!slug || formatProblem) {
      setAvailability(undefined);
      return undefined;
    }
    let cancelled = false;
    setAvailability({ slug, state: 'checking' });
    const timer = setTimeout(() => {
      tenantsApi.checkSlug(slug).then(
        result => {
          if (cancelled) return;
          setAvailability(
            result.available
              ? { slug, state: 'available' }
              : { slug, state: 'taken', message: slugTakenMessage(result) },
          );
        },
        error => {
          if (cancelled) return;
          setAvailability({
            slug,
            state: 'unknown',
            message: `Could not check whether '${slug}' is free: ${describeError(
              error,
            )}`,
          });
        },
      );
    }, AVAILABILITY_CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [slug, formatProblem, tenantsApi]);

  const current = availability?.slug === slug ? availability : undefined;
  let helperText: string =
    schema.description ??
    'Lowercase letters and digits, starting with a letter; unique across tenants';
  let isError = rawErrors.length > 0;
  if (formatProblem) {
    helperText = formatProblem;
    isError = true;
  } else if (current?.state === 'taken') {
    helperText = current.message;
    isError = true;
  } else if (current?.state === 'unknown') {
    helperText = current.message;
  } else if (current?.state === 'checking') {
    helperText = `Checking whether '${slug}' is free…`;
  } else if (current?.state === 'available') {
    helperText = `'${slug}' is available`;
  }

  return (
    <>
      <TextField
        id={idSchema?.$id}
        label={schema.title ?? 'Slug'}
        required={required}
        disabled={disabled}
        value={slug}
        onChange={event => onChange(event.target.value || undefined)}
        error={isError}
        helperText={helperText}
        margin="normal"
        inputProps={{ maxLength: SLUG_MAX_LENGTH, spellCheck: false }}
        InputProps={{
          endAdornment: (
            <InputAdornment position="end">
              {current?.state === 'checking' && (
                <CircularProgress size={16} aria-label="Checking slug" />
              )}
              {current?.state === 'available' && (
                <CheckCircleIcon
                  fontSize="small"
                  color="primary"
                  aria-label="Slug is available"
                />
              )}
            </InputAdornment>
          ),
        }}
        FormHelperTextProps={{ style: { marginLeft: 0 } }}
      />
      {suggestion && suggestion !== slug && !disabled && (
        <div>
          <Button
            size="small"
            color="primary"
            onClick={() => onChange(suggestion)}
          >
            Use suggested slug “{suggestion}”
          </Button>
        </div>
      )}
    </>
  );
};
