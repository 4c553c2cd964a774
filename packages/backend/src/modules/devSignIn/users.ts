import { Config } from '@backstage/config';
import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** A user one can sign in as through the development auth provider. */
export interface DevelopmentUser {
  /** Full reference of the User entity, lower case: `user:<namespace>/<name>`. */
  userEntityRef: string;
  /** Short label offered by the sign-in page, e.g. "Platform admin". */
  title?: string;
  /** What signing in as this user lets one try. */
  description?: string;
}

/** What the development authenticator hands to the profile transform and sign-in resolver. */
export interface DevelopmentAuthResult {
  user: DevelopmentUser;
}

/**
 * Normalizes a user reference (`name`, `namespace/name` or
 * `user:namespace/name`, any case) to `user:<namespace>/<name>` in lower
 * case; throws if it is malformed or not of kind User.
 */
export function normalizeUserEntityRef(ref: string): string {
  const parsed = parseEntityRef(ref, {
    defaultKind: 'user',
    defaultNamespace: DEFAULT_NAMESPACE,
  });
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new TypeError(`'${ref}' does not refer to a User entity`);
  }
  return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
}

/**
 * Reads `users` of the development provider's configuration
 * (`auth.providers.development`): at least one, each a distinct User entity.
 */
export function readDevelopmentUsers(config: Config): DevelopmentUser[] {
  const users = config.getConfigArray('users').map((userConfig, index) => {
    const ref = userConfig.getString('userEntityRef');
    let userEntityRef: string;
    try {
      userEntityRef = normalizeUserEntityRef(ref);
    } catch (error) {
      throw new Error(
        `Invalid users[${index}].userEntityRef of the development auth provider: ${
          (error as Error).message
        }`,
      );
    }
    return {
      userEntityRef,
      title: userConfig.getOptionalString('title'),
      description: userConfig.getOptionalString('description'),
    };
  });
  if (users.length === 0) {
    throw new Error('The development auth provider needs at least one user');
  }
  const refs = users.map(user => user.userEntityRef);
  const duplicate = refs.find((ref, index) => refs.indexOf(ref) !== index);
  if (duplicate) {
    throw new Error(
      `The development auth provider lists user '${duplicate}' more than once`,
    );
  }
  return users;
}

/** The configured user a request names, if any (references compared normalized). */
export function findDevelopmentUser(
  users: DevelopmentUser[],
  ref: string,
): DevelopmentUser | undefined {
  let userEntityRef: string;
  try {
    userEntityRef = normalizeUserEntityRef(ref);
  } catch {
    return undefined;
  }
  return users.find(user => user.userEntityRef === userEntityRef);
}
