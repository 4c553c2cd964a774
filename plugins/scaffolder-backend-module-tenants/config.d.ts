export interface Config {
  tenants?: {
    /** Tenants are served at `<slug>.<baseDomain>`; default tenants.localhost. */
    baseDomain?: string;
    /** cert-manager ClusterIssuer that signs tenant TLS certificates. */
    clusterIssuer?: string;
    /** IP address of the ingress load balancer, the target of tenant DNS records. */
    ingressTarget?: string;
    /** Namespace of the NGINX ingress controller. */
    ingressControllerNamespace?: string;
    /** Registry of the platform's own images. */
    imageRegistry?: string;
    /** Tag of the platform's own images. */
    imageTag?: string;
    /** Full image references by image name (postgres, redis, ai-engine, ...). */
    images?: { [image: string]: string };
    provisioning?: {
      /** How long a phase waits for its workloads to become ready; default 600. */
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
