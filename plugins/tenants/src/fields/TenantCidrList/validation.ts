import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { describeCidrProblem } from '@tenant-platform/backstage-plugin-tenants-common';

/** At most this many ranges, as the tenant spec allows. */
export const MAX_CIDRS = 50;

/** The problem of one entry of the list, or undefined when it is valid. */
export function cidrEntryProblem(
  entry: string,
  index: number,
  entries: readonly string[],
): string | undefined {
  const value = entry.trim();
  if (value === '') {
    return 'Enter an IPv4 or IPv6 range such as 203.0.113.0/24, or remove the empty entry';
  }
  if (value !== entry) {
    return `'${entry}' has spaces around it`;
  }
  const problem = describeCidrProblem(value);
  if (problem) {
    return problem;
  }
  return entries.indexOf(entry) < index
    ? `'${entry}' is listed more than once`
    : undefined;
}

/** Every problem of the list, each naming the entry. */
export function cidrListProblems(entries: readonly string[]): string[] {
  const problems = entries.flatMap((entry, index) => {
    const problem = cidrEntryProblem(entry, index, entries);
    return problem ? [`Range ${index + 1}: ${problem}`] : [];
  });
  if (entries.length > MAX_CIDRS) {
    problems.push(`At most ${MAX_CIDRS} ranges are allowed`);
  }
  return problems;
}

/** Validates each range as an IPv4 or IPv6 CIDR. An empty list means open. */
export const tenantCidrListValidation: CustomFieldValidator<string[]> = (
  value,
  validation,
) => {
  for (const problem of cidrListProblems(value ?? [])) {
    validation.addError(problem);
  }
};
