import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { parse } from 'yaml';

const EXPRESSION = /^\$\{\{\s*(.+?)\s*\}\}$/;

function render(value: unknown, values: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const expression = EXPRESSION.exec(value)?.[1];
    if (expression === undefined) return value;
    if (!(expression in values)) {
      throw new Error(`No value given for the example's ${value}`);
    }
    return values[expression];
  }
  if (Array.isArray(value)) return value.map(v => render(v, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, render(v, values)]),
    );
  }
  return value;
}

/**
 * The input of an example's first step as the scaffolder hands it to the
 * action: every value that is one `${{ expression }}` is replaced by
 * `values[expression]`, keeping its type as the scaffolder does. Untyped,
 * like the JSON the scaffolder checks against the action's input schema.
 */
export function exampleInput(
  example: TemplateExample,
  values: Record<string, unknown> = {},
): any {
  const { steps } = parse(example.example);
  return render(steps[0].input, values);
}
