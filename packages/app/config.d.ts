export interface Config {
  auth?: {
    providers?: {
      /**
       * The backend's development auth provider (packages/backend/config.d.ts
       * describes it); the app's sign-in page offers its users.
       */
      development?: {
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
           * Shown under the title on the sign-in page.
           * @visibility frontend
           */
          description?: string;
        }>;
      };
    };
  };
}
