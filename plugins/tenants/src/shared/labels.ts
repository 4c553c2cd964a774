/**
 * Display names of the wizard's choices, the same as the template's
 * `enumNames`.
 */
export const LABELS = {
  billingTier: {
    starter: 'Starter',
    professional: 'Professional',
    enterprise: 'Enterprise',
  },
  cloudProvider: { azure: 'Azure', aws: 'AWS', gcp: 'GCP' },
  resourceTier: { small: 'Small', medium: 'Medium', large: 'Large' },
  dataSourceType: {
    postgresql: 'PostgreSQL',
    mysql: 'MySQL',
    snowflake: 'Snowflake',
    bigquery: 'BigQuery',
  },
  tlsMode: {
    disable: 'Disabled',
    require: 'Required',
    'verify-ca': 'Verify CA',
    'verify-full': 'Verify CA and host name',
  },
  authMethod: { oidc: 'OIDC SSO', saml: 'SAML SSO', local: 'Local accounts' },
  mfaPolicy: {
    'required-all': 'Required for everyone',
    'required-admins': 'Required for admins',
    optional: 'Optional',
  },
} as const satisfies Record<string, Record<string, string>>;

/** The display name of a choice, or the value itself when it has none. */
export function labelOf(group: keyof typeof LABELS, value: unknown): string {
  if (typeof value !== 'string') {
    return value === undefined || value === null ? '—' : String(value);
  }
  return (LABELS[group] as Record<string, string>)[value] ?? value;
}
