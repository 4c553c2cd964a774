import { createHash } from 'node:crypto';

/** Hex SHA-256 of a value's JSON form; stable for equal plain data with the same key order. */
export function checksumOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
