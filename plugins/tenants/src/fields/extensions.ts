import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import { TENANT_FIELDS } from './definitions';

/** Each wizard field as the new frontend system's form field, by extension name. */
export const TENANT_FORM_FIELDS = Object.fromEntries(
  Object.entries(TENANT_FIELDS).map(([name, field]) => [
    name,
    createFormField(field),
  ]),
);

/**
 * The provisioning wizard's form fields as new frontend system extensions.
 * They attach to the scaffolder's form fields API, so every template can use
 * them by `ui:field` name.
 */
export const tenantFormFields = Object.entries(TENANT_FORM_FIELDS).map(
  ([name, formField]) =>
    FormFieldBlueprint.make({
      name,
      params: { field: async () => formField },
    }),
);
