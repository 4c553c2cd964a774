import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';

const DEFAULT_TTL_MS = 10_000;

/**
 * A user's current ownership refs (the user and the groups the catalog says
 * they are a member of now), cached for a few seconds per user.
 *
 * The ownership refs of a Backstage token are fixed at sign-in: a user whom
 * the catalog makes a tenant admin after they signed in would otherwise not
 * see the tenant until they sign in again.
 *
 * @public
 */
export class CatalogMembership {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly cache = new Map<
    string,
    { expiresAt: number; claims: Promise<string[] | undefined> }
  >();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger?: LoggerService;
      /** How long a user's membership is reused; default 10 seconds. */
      ttlMs?: number;
      /** The clock, in milliseconds; for tests. */
      now?: () => number;
    },
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * The user's current ownership refs; the token's when the user has no
   * catalog entity (e.g. a guest) or the catalog cannot be read.
   */
  async claimsOf(user: PolicyQueryUser | undefined): Promise<string[]> {
    if (!user) {
      return [];
    }
    const current = await this.membershipOf(user.info.userEntityRef);
    return current ?? user.info.ownershipEntityRefs;
  }

  private membershipOf(userEntityRef: string): Promise<string[] | undefined> {
    const key = userEntityRef.toLowerCase();
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) {
      return cached.claims;
    }
    this.forgetExpired(now);
    const claims = this.load(userEntityRef);
    this.cache.set(key, { expiresAt: now + this.ttlMs, claims });
    return claims;
  }

  private async load(userEntityRef: string): Promise<string[] | undefined> {
    const { catalog, auth, logger } = this.options;
    try {
      const entity = await catalog.getEntityByRef(userEntityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      if (!entity) {
        return undefined;
      }
      const groups = (entity.relations ?? [])
        .filter(relation => relation.type === RELATION_MEMBER_OF)
        .map(relation => relation.targetRef);
      return [userEntityRef, ...groups];
    } catch (error) {
      logger?.warn(
        `Could not read the groups of ${userEntityRef} from the catalog, using those of the token: ${error}`,
      );
      this.cache.delete(userEntityRef.toLowerCase());
      return undefined;
    }
  }

  private forgetExpired(now: number) {
    for (const [key, entry] of this.cache) {
      if (entry.expiresAt <= now) {
        this.cache.delete(key);
      }
    }
  }
}
