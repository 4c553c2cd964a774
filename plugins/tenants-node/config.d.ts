export interface Config {
  /** Configuration of the tenant provisioning plugins. */
  tenants?: {
    /**
     * Base DNS domain under which each tenant gets `<slug>.<baseDomain>`;
     * default `tenants.localhost`.
     * @visibility frontend
     */
    baseDomain?: string;
    /** cert-manager ClusterIssuer that signs tenant TLS certificates; default `tenant-platform-ca`. */
    clusterIssuer?: string;
    /** IP address of the ingress load balancer, the target of tenant DNS records; default `127.0.0.1`. */
    ingressTarget?: string;
    /** Namespace of the NGINX ingress controller; default `ingress-nginx`. */
    ingressControllerNamespace?: string;
    /** Registry of the platform's own images; default `registry.tenants.dev/platform`. */
    imageRegistry?: string;
    /** Tag of the platform's own images; default `1.0.0`. */
    imageTag?: string;
    /** Full image references by image name (postgres, redis, ai-engine, ...), replacing the defaults. */
    images?: { [image: string]: string };
    /**
     * Platform versions: the images and sizing defaults tenants are rendered
     * with, oldest first. Each tenant records the version it runs; tenants on
     * a version older than `current` are behind until a rollout (or a change
     * request with `platformVersion`) upgrades them. Without this section
     * there is one version, named after `imageTag`. Quote version names
     * (`'1.10'`), or YAML reads them as numbers.
     */
    platformVersions?: {
      /** The version new tenants get and rollouts upgrade to by default; default the last of `versions`. */
      current?: string;
      versions: Array<{
        /** Unique name, e.g. `'1.4.0'`. */
        version: string;
        /** Registry of the platform's own images; default `tenants.imageRegistry`. */
        imageRegistry?: string;
        /** Tag of the platform's own images; default `tenants.imageTag`. */
        imageTag?: string;
        /** Full image references by image name, over `tenants.images`. */
        images?: { [image: string]: string };
        /** Sizing overrides by resource tier (small, medium, large) over the built-in defaults, e.g. `{ medium: { replicas: { controlPlane: 3 } } }`. */
        sizing?: { [tier: string]: { [field: string]: any } };
      }>;
    };
    /**
     * Kubernetes clusters tenants can be provisioned on; at least one. The
     * backend does not start without one, nor with an unknown provider.
     */
    clusters?: Array<{
      /** Unique name of the cluster. @visibility frontend */
      name: string;
      /** Cloud provider the cluster runs on: azure, aws or gcp. @visibility frontend */
      provider: string;
      /** Regions this cluster serves. @visibility frontend */
      regions: string[];
      /** Chosen for the "Nearest" region of its provider. @visibility frontend */
      preferred?: boolean;
      /** Path of a kubeconfig file; without it and without url, the default kubeconfig is used. */
      kubeconfigPath?: string;
      /** Context of the kubeconfig to use. */
      context?: string;
      /** API server URL, with serviceAccountToken. */
      url?: string;
      /** @visibility secret */
      serviceAccountToken?: string;
      /** Base64 CA certificate of the API server. */
      caData?: string;
      skipTLSVerify?: boolean;
    }>;
    /**
     * How the region "Nearest" is resolved when no cluster of the provider is
     * `preferred`: the cluster with the lowest API round trip (an
     * authenticated GET /version) wins; clusters that do not answer in time
     * are skipped.
     */
    placement?: {
      /** How long to wait for a cluster's answer, in milliseconds; default 2000. */
      roundTripTimeoutMs?: number;
      /** How long a measurement is reused, in seconds; default 30. */
      cacheSeconds?: number;
    };
  };
}
