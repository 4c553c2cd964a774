import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How the validation phase checks a tenant's certificate and DNS name. */
export interface ValidationOptions {
  /** A certificate expiring within this many days fails validation. */
  certificateExpiryWindowDays: number;
  /** The DNS server asked, `host` or `host:port`; the system's resolvers when absent. */
  dnsResolver?: string;
  /** How long to wait for the certificate to be Ready and the name to resolve. */
  timeoutMs: number;
}

/** */
export const DEFAULT_VALIDATION_OPTIONS: ValidationOptions = {
  certificateExpiryWindowDays: 14,
  timeoutMs: 120_000,
};

const RESOLVER = /^(\[[0-9a-fA-F:]+\]|[0-9a-zA-Z.:-]+?)(:\d{1,5})?$/;

/** `tenants.validation` of app-config; throws naming the key that is wrong. */
export function validationOptionsFromConfig(config: Config): ValidationOptions {
  const section = config.getOptionalConfig('tenants.validation');
  const windowDays =
    section?.getOptionalNumber('certificateExpiryWindowDays') ??
    DEFAULT_VALIDATION_OPTIONS.certificateExpiryWindowDays;
  const timeoutSeconds = section?.getOptionalNumber('timeoutSeconds');
  const dnsResolver = section?.getOptionalString('dnsResolver');
  if (!Number.isInteger(windowDays) || windowDays < 0) {
    throw new InputError(
      `tenants.validation.certificateExpiryWindowDays must be a whole number of days ≥ 0, got ${windowDays}`,
    );
  }
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    throw new InputError(
      `tenants.validation.timeoutSeconds must be a positive number, got ${timeoutSeconds}`,
    );
  }
  if (dnsResolver !== undefined && !RESOLVER.test(dnsResolver)) {
    throw new InputError(
      `tenants.validation.dnsResolver must be host or host:port (e.g. 10.0.0.2 or 127.0.0.1:53), got '${dnsResolver}'`,
    );
  }
  return {
    certificateExpiryWindowDays: windowDays,
    timeoutMs:
      timeoutSeconds === undefined
        ? DEFAULT_VALIDATION_OPTIONS.timeoutMs
        : timeoutSeconds * 1000,
    ...(dnsResolver ? { dnsResolver } : {}),
  };
}
