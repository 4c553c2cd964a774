export interface Config {
  auth?: {
    providers?: {
      /**
       * Development sign-in: the backend's auth provider `development`
       * (packages/backend/src/modules/devSignIn) signs in as one of these
       * users, chosen on the app's sign-in page. Only set up when
       * configured; refuses sign-in outside NODE_ENV=development unless
       * dangerouslyAllowOutsideDevelopment (packages/backend/config.d.ts) is
       * set. Never configure it in production.
       */
      development?: {
        /**
         * The users one can sign in as, each a User entity in the catalog
         * (which supplies its profile and group memberships). Read by the
         * backend's provider and by the sign-in page.
         */
        users: Array<{
          /**
           * Reference of the User entity, e.g. `user:default/platform-admin`.
           * @visibility frontend
           */
          userEntityRef: string;
          /**
           * Label of the choice on the sign-in page, e.g. "Platform admin".
           * @visibility frontend
           */
          title?: string;
          /**
           * What signing in as this user lets one try; shown under the title
           * on the sign-in page.
           * @visibility frontend
           */
          description?: string;
        }>;
      };
    };
  };
}
