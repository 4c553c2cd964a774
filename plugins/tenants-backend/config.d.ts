import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the tenant provisioning plugins. */
  tenants?: {
    /**
     * What each billing tier may take; unset keys keep their defaults:
     * starter { resourceTiers: [small, medium], dedicatedCompute: false, gpu: false },
     * professional { resourceTiers: [small, medium, large], dedicatedCompute: true, gpu: false },
     * enterprise { resourceTiers: [small, medium, large], dedicatedCompute: true, gpu: true }.
     * Enforced by POST /v1/tenants, the dry run and tenant:validate; served by GET /v1/policy.
     */
    billingPolicy?: {
      starter?: {
        resourceTiers?: Array<'small' | 'medium' | 'large'>;
        dedicatedCompute?: boolean;
        gpu?: boolean;
      };
      professional?: {
        resourceTiers?: Array<'small' | 'medium' | 'large'>;
        dedicatedCompute?: boolean;
        gpu?: boolean;
      };
      enterprise?: {
        resourceTiers?: Array<'small' | 'medium' | 'large'>;
        dedicatedCompute?: boolean;
        gpu?: boolean;
      };
    };
    /** The wizard's data source connection test (POST /v1/data-sources/test). */
    dataSources?: {
      /** How long a connection test may take, in seconds; default 5. */
      connectionTimeoutSeconds?: number;
      /**
       * Where the wizard's "Test connection" may make the backend connect.
       * A host name is resolved once and every address it has must pass;
       * the test then connects to that address. Denials win over the
       * allow-list. A refused host answers 403 naming the rule.
       */
      connectionTests?: {
        /** Loopback addresses (127.0.0.0/8, ::1); default 'allow'. */
        loopback?: 'allow' | 'deny';
        /** Private addresses (10/8, 172.16/12, 192.168/16, fc00::/7); default 'allow'. */
        private?: 'allow' | 'deny';
        /**
         * Link-local addresses (169.254.0.0/16, fe80::/10), where cloud
         * metadata services answer; default 'deny'.
         */
        linkLocal?: 'allow' | 'deny';
        /** More address ranges (CIDR) never to connect to. */
        deniedRanges?: string[];
        /** When set, only addresses in these ranges (CIDR) are tried. */
        allowedRanges?: string[];
        /** Connection tests per user (or service) per minute; default 10. Over it: 429 with Retry-After. */
        perCallerPerMinute?: number;
      };
    };
    /** The wizard's dry-run preview (POST /v1/tenants/dry-run). */
    dryRun?: {
      /**
       * Existing namespace in which namespaced objects are dry-run while the
       * tenant's namespace does not exist yet; default `default`. The
       * Backstage service account needs the same rights there as in tenant
       * namespaces (dry-run requests are authorized like real ones).
       */
      standInNamespace?: string;
    };
    /** The catalog groups the tenant platform grants rights to. */
    permissions?: {
      /**
       * Entity refs of the groups whose members are platform admins (they may
       * do everything); default ['group:default/platform-admins'].
       */
      platformAdminGroups?: string[];
      /**
       * Entity ref pattern of each tenant's admins group, with `{slug}` in the
       * name; default 'group:default/{slug}-admins'. The catalog module emits
       * the group and makes the user with the tenant's admin email a member.
       */
      tenantAdminGroup?: string;
    };
    /**
     * Drift checks: each ready tenant's objects on its cluster compared with
     * what its phases apply, kept as its last check; platform admins are
     * notified when a tenant becomes drifted.
     */
    drift?: {
      /** Scheduled checks of every ready tenant; default true. */
      enabled?: boolean;
      /**
       * When the checks run; default every 10 minutes, the first a minute
       * after start. A global task: with several backend replicas each round
       * runs on one of them.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Rollouts of platform versions (`tenants.platformVersions`) across
     * tenants, in waves (POST /v1/rollouts).
     */
    rollouts?: {
      /**
       * When the runner looks for work (follows upgrades, starts waves);
       * default every 10 seconds. It is also woken when an upgrade finishes.
       * A global task: with several backend replicas one of them runs it at
       * a time.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** Rollback of tenants (POST /v1/tenants/:id/rollback). */
    rollback?: {
      /** How long each kind of object gets to disappear before the rollback reports what remains; default 300. */
      timeoutSeconds?: number;
    };
    /**
     * The scaffolder templates packaged with this plugin, which its catalog
     * module `catalogModuleTenantTemplates` puts into the catalog. Each is on
     * by default; `enabled: false` leaves it out, `file` replaces it with a
     * Template YAML file of your own (a path relative to the backend's
     * working directory). A replacement that cannot be read or is not a
     * Template stops the backend at start.
     */
    templates?: {
      /** The provisioning wizard, template `tenant-provisioning`. */
      provisioning?: {
        /** Default true. */
        enabled?: boolean;
        /** Template YAML file used instead of the packaged one. */
        file?: string;
      };
      /**
       * The template whose task applies an approved change request,
       * `tenant-change`; the Tenant Service starts it by that name, so a
       * replacement keeps the name.
       */
      change?: {
        /** Default true. */
        enabled?: boolean;
        /** Template YAML file used instead of the packaged one. */
        file?: string;
      };
      /**
       * The template with which tenant admins add, edit and remove data
       * sources, `tenant-data-source-change`: it stages the password (a
       * scaffolder secret) on the tenant's cluster and files the change
       * request naming it.
       */
      dataSourceChange?: {
        /** Default true. */
        enabled?: boolean;
        /** Template YAML file used instead of the packaged one. */
        file?: string;
      };
    };
  };
}
