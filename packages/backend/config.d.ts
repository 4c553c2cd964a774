export interface Config {
  auth?: {
    providers?: {
      /**
       * Development sign-in (src/modules/devSignIn). Its `users` are
       * declared in packages/app/config.d.ts, since the app's sign-in page
       * reads them too.
       */
      development?: {
        /**
         * Allow sign-in outside of a development environment
         * (NODE_ENV other than `development`), e.g. for a shared demo.
         */
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
