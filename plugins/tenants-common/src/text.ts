import { isIpAddress } from './cidr';

/*
 * Checks of free text and names in requests. PostgreSQL cannot store NUL in
 * text columns, and control, invisible and bidirectional-override characters
 * in a name that people read (tenant lists, notifications, task logs, catalog
 * titles) serve only to spoof it.
 */

/** True when a string has no NUL character. @public */
export function hasNoNul(value: string): boolean {
  return !value.includes('\u0000');
}

/** True when a string has no control characters (NUL, line breaks, escapes, ...). @public */
export function hasNoControlCharacters(value: string): boolean {
  return !/\p{Cc}/u.test(value);
}

/**
 * True when a string has only characters that are seen: no control
 * characters, no format characters (zero-width spaces and joiners,
 * bidirectional overrides, ...), no line or paragraph separators.
 *
 * @public
 */
export function hasOnlyVisibleCharacters(value: string): boolean {
  return !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(value);
}

/**
 * Characters a tenant name may not contain: they mean something to shells,
 * SQL, markup and template languages, and a tenant name needs none of them.
 *
 * @public
 */
export const TENANT_NAME_FORBIDDEN_CHARACTERS = [
  ';',
  '<',
  '>',
  '{',
  '}',
  '$',
  '`',
  '\\',
  '|',
] as const;

/** True when a tenant name has none of {@link TENANT_NAME_FORBIDDEN_CHARACTERS}. @public */
export function hasNoForbiddenNameCharacters(value: string): boolean {
  return !TENANT_NAME_FORBIDDEN_CHARACTERS.some(c => value.includes(c));
}

const HOST_NAME =
  /^(?=.{1,253}\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/**
 * True for a DNS host name (`db.example.com`) or an IPv4 or IPv6 address;
 * false for anything a database driver would read otherwise, such as a Unix
 * socket directory (`/var/run/postgresql`), a URL or `user@host:port`.
 *
 * @public
 */
export function isHostNameOrIpAddress(value: string): boolean {
  return HOST_NAME.test(value) || isIpAddress(value);
}

/**
 * A name of a configured thing (a cluster) or an id handed out by another
 * service (a scaffolder task): letters, digits, `.`, `_` and `-`, starting and
 * ending with a letter or digit, so that it can never be `..` or carry a path.
 *
 * @public
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
