import { z } from 'zod';
import { describeCidrProblem } from './cidr';
import { hasOnlyVisibleCharacters } from './text';

/*
 * Schemas of spec fields that change requests validate the same way as the
 * spec does. Not exported from the package: the spec schema is the contract.
 */

export const cidrSchema = z.string().superRefine((value, ctx) => {
  const problem = describeCidrProblem(value);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
  }
});

export const allowedCidrsSchema = z
  .array(cidrSchema, { error: 'Allowed IP ranges must be a list of CIDRs' })
  .max(50, 'At most 50 allowed IP ranges');

export const descriptionSchema = z
  .string({ error: 'Description must be text' })
  .max(500, 'Description must be at most 500 characters')
  .refine(
    description =>
      hasOnlyVisibleCharacters(description.replace(/[\t\r\n]/g, ' ')),
    'Description must not contain control or invisible characters other than tabs and line breaks',
  );

export const adminEmailSchema = z
  .string({ error: 'Admin email must be a valid email address' })
  .email('Admin email must be a valid email address')
  .max(254, 'Admin email must be at most 254 characters');
