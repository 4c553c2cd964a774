export interface Config {
  /** Configuration of the tenant provisioning plugins. */
  tenants?: {
    /**
     * Base DNS domain under which each tenant gets `<slug>.<baseDomain>`.
     * @visibility frontend
     */
    baseDomain?: string;
  };
}
