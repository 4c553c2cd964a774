import { ComponentType, useEffect, useState } from 'react';
import { act, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  SecretsContextProvider,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import type { JsonObject } from '@backstage/types';
import type { TenantsApi } from '../../api/TenantsApi';
import { tenantsApiRef } from '../../api/TenantsApi';

/** Test helpers: render a field as the scaffolder form would, with a mocked TenantsApi. */

export interface FieldTestOptions<T> {
  /** The parameter the field edits. */
  name: string;
  /** The field's initial value. */
  value?: T;
  /** The other parameters of the form (formContext.formData). */
  parameters?: JsonObject;
  schema?: JsonObject;
  uiSchema?: JsonObject;
  rawErrors?: string[];
  api?: Partial<TenantsApi>;
  initialSecrets?: Record<string, string>;
}

export interface FieldTestState<T> {
  /** Every value the field reported through onChange, in order. */
  values: Array<T | undefined>;
  /** The current value. */
  current(): T | undefined;
  /** The scaffolder secrets as they are now. */
  secrets(): Record<string, string>;
  /** Replaces the other parameters, as when an earlier field changes. */
  setParameters(parameters: JsonObject): void;
}

export async function renderField<T>(
  Field: ComponentType<any>,
  options: FieldTestOptions<T>,
): Promise<FieldTestState<T>> {
  const values: Array<T | undefined> = [];
  let current = options.value;
  let secrets: Record<string, string> = {};
  let setParametersOutside: (parameters: JsonObject) => void = () => {};

  const SecretsProbe = () => {
    const { secrets: now } = useTemplateSecrets();
    secrets = now;
    return null;
  };

  const Harness = () => {
    const [value, setValue] = useState<T | undefined>(options.value);
    const [parameters, setParameters] = useState<JsonObject>(
      options.parameters ?? {},
    );
    useEffect(() => {
      setParametersOutside = setParameters;
    }, []);
    const formData = {
      ...parameters,
      ...(value === undefined ? {} : { [options.name]: value }),
    } as JsonObject;
    return (
      <div data-testid="field-harness">
        <Field
          name={options.name}
          formData={value}
          onChange={(next: T | undefined) => {
            values.push(next);
            current = next;
            setValue(next);
          }}
          schema={options.schema ?? {}}
          uiSchema={options.uiSchema ?? {}}
          formContext={{ formData }}
          rawErrors={options.rawErrors ?? []}
          idSchema={{ $id: `root_${options.name}` }}
          required={false}
          disabled={false}
          readonly={false}
        />
      </div>
    );
  };

  // Render, and let the field's first requests to the mocked API settle,
  // inside act().
  await act(async () => {
    renderInTestApp(
      <SecretsContextProvider initialSecrets={options.initialSecrets}>
        <Harness />
        <SecretsProbe />
      </SecretsContextProvider>,
      { apis: [[tenantsApiRef, options.api ?? {}]] },
    );
    await new Promise(resolve => setTimeout(resolve, 0));
  });
  await screen.findByTestId('field-harness');

  return {
    values,
    current: () => current,
    secrets: () => secrets,
    setParameters: parameters => setParametersOutside(parameters),
  };
}

/** A FieldValidation that records its errors. */
export function recordingValidation() {
  const errors: string[] = [];
  return {
    errors,
    validation: {
      addError(message: string) {
        errors.push(message);
        return this;
      },
      __errors: errors,
    } as any,
  };
}

/** The context a CustomFieldValidator gets, with a mocked TenantsApi. */
export function validatorContext(
  api: Partial<TenantsApi> | undefined,
  formData: JsonObject = {},
  uiSchema: JsonObject = {},
  schema: JsonObject = {},
) {
  return {
    apiHolder: {
      get: (ref: { id: string }) =>
        ref.id === tenantsApiRef.id ? (api as any) : undefined,
    },
    formData,
    schema,
    uiSchema: uiSchema as any,
  } as any;
}
