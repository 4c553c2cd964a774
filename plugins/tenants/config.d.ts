export interface Config {
  tenants?: {
    /**
     * Where users get help with a tenant whose provisioning failed. The
     * tenant page's "Contact support" opens `url` with the query parameters
     * `tenant`, `slug`, `phase`, `error` and `task` added, or, without a
     * URL, an email to `email` with the same facts. Neither set: no button.
     */
    support?: {
      /**
       * A support form or ticket system URL.
       * @visibility frontend
       */
      url?: string;
      /**
       * A support email address.
       * @visibility frontend
       */
      email?: string;
    };
  };
}
