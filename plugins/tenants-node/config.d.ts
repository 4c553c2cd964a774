export interface Config {
  tenants?: {
    /** Kubernetes clusters tenants can be provisioned on. */
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
