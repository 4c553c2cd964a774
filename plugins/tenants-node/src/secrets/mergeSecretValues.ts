import { randomBytes } from 'node:crypto';
import type { SecretRequirement, SecretValues } from '../render/secrets';

/** Generates a random secret value: 32 random bytes, base64url. @public */
export function generateSecretValue(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The values of the tenant's Secrets: values already on the cluster are kept
 * (so re-runs do not rotate passwords), user-provided keys come from the
 * scaffolder secrets (falling back to the value on the cluster), and every
 * other missing key is generated. Throws naming the Secret, key and scaffolder
 * secret, never a value.
 *
 * @public
 */
export function mergeSecretValues(
  requirements: SecretRequirement[],
  existing: SecretValues,
  userSecrets: Readonly<Record<string, string | undefined>>,
  generate: () => string = generateSecretValue,
): SecretValues {
  const result: Record<string, Record<string, string>> = {};
  for (const requirement of requirements) {
    const values: Record<string, string> = {};
    const onCluster = existing[requirement.name] ?? {};
    for (const key of requirement.keys) {
      const secretName = requirement.userProvided?.[key];
      if (secretName) {
        const given = userSecrets[secretName] || onCluster[key];
        if (!given) {
          throw new Error(
            `Secret ${requirement.name} needs key '${key}' from the scaffolder secret '${secretName}', which was not provided`,
          );
        }
        values[key] = given;
      } else {
        values[key] = onCluster[key] || generate();
      }
    }
    result[requirement.name] = values;
  }
  return result;
}
