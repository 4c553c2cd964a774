import { z } from 'zod';

/** `limit` of a list query: 1-100, default 20. */
export const limitSchema = z.coerce
  .number({ error: 'limit must be a number' })
  .int('limit must be a whole number')
  .min(1, 'limit must be at least 1')
  .max(100, 'limit must be at most 100')
  .default(20);

/** `offset` of a list query: 0 or more, default 0. */
export const offsetSchema = z.coerce
  .number({ error: 'offset must be a number' })
  .int('offset must be a whole number')
  .min(0, 'offset must be at least 0')
  .default(0);
