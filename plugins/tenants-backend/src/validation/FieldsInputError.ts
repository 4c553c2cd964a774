import { InputError } from '@backstage/errors';

/** One field problem of a rejected request. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A 400 that names each problem of a request: `fields` is serialized into the
 * error body beside `name` (`InputError`) and `message`.
 */
export class FieldsInputError extends InputError {
  constructor(message: string, readonly fields: FieldError[]) {
    super(message);
  }
}

/**
 * `Invalid <what>: <field>: <message>; …`, one field error per problem; a
 * problem of `<what>` as a whole is listed by its message alone.
 */
export function invalidFields(
  what: string,
  fields: FieldError[],
): FieldsInputError {
  return new FieldsInputError(
    `Invalid ${what}: ${fields
      .map(f => (f.field === what ? f.message : `${f.field}: ${f.message}`))
      .join('; ')}`,
    fields,
  );
}
