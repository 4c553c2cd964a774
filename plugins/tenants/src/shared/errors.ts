import { ResponseError } from '@backstage/errors';

/** A field problem as the Tenant Service reports it in a 400 body. */
export interface ServiceFieldError {
  field: string;
  message: string;
}

/**
 * The message of an error in plain words: for a Tenant Service response, the
 * server's own message (e.g. the driver's error), not `Request failed with 400`.
 */
export function describeError(error: unknown): string {
  const body = (error as { body?: { error?: { message?: string } } })?.body;
  if (body?.error?.message) {
    return body.error.message;
  }
  if (error instanceof ResponseError && error.cause?.message) {
    return error.cause.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}

/** The field problems of a Tenant Service 400 response, if it lists any. */
export function serviceFieldErrors(error: unknown): ServiceFieldError[] {
  if (!(error instanceof ResponseError)) {
    return [];
  }
  const fields = (error.body?.error as { fields?: unknown } | undefined)
    ?.fields;
  if (!Array.isArray(fields)) {
    return [];
  }
  return fields.filter(
    (f): f is ServiceFieldError =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as ServiceFieldError).field === 'string' &&
      typeof (f as ServiceFieldError).message === 'string',
  );
}
