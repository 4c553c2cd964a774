export interface Config {
  tenants?: {
    /** How the validation phase checks each tenant's TLS certificate and DNS name. */
    validation?: {
      /** A certificate expiring within this many days fails validation; default 14. */
      certificateExpiryWindowDays?: number;
      /**
       * The DNS server validation asks whether `<slug>.<baseDomain>` resolves
       * to the ingress target, `host` or `host:port`; default the system's
       * resolvers.
       */
      dnsResolver?: string;
      /** How long validation waits for the certificate to be Ready and the name to resolve, in seconds; default 120. */
      timeoutSeconds?: number;
    };
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
