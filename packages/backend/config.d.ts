export interface Config {
  auth?: {
    providers?: {
      /**
       * Development sign-in (src/modules/devSignIn): the auth provider
       * `development` signs in as one of these users, chosen by the app's
       * sign-in page. Only set up when configured; refuses sign-in outside
       * NODE_ENV=development unless dangerouslyAllowOutsideDevelopment is set.
       * Never configure it in production.
       */
      development?: {
        /**
         * The users one can sign in as, each a User entity in the catalog
         * (which supplies its profile and group memberships).
         */
        users: Array<{
          /** Reference of the User entity, e.g. `user:default/platform-admin`. */
          userEntityRef: string;
          /** Short label on the sign-in page, e.g. "Platform admin". */
          title?: string;
          /** What signing in as this user lets one try. */
          description?: string;
        }>;
        /**
         * Allow sign-in outside of a development environment
         * (NODE_ENV other than `development`), e.g. for a shared demo.
         */
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
