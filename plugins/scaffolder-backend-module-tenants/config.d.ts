export interface Config {
  tenants?: {
    provisioning?: {
      /** How long a phase waits for its workloads to become ready, in seconds; default 600. */
      readinessTimeoutSeconds?: number;
      /**
       * Development and end-to-end tests only, never in production: each
       * phase action reads faults to inject into tenant workloads from a
       * ConfigMap on the tenant's cluster at every run (data
       * `<workload>: container-fail | never-ready`, or
       * `<slug>.<workload>: ...` for one tenant). See
       * tools/local-cluster/README.md.
       */
      faultInjection?: {
        /** Default false. */
        enabled?: boolean;
        /** Namespace of the ConfigMap; default tenant-platform-faults. */
        namespace?: string;
        /** Name of the ConfigMap; default injected-faults. */
        configMap?: string;
      };
    };
  };
}
