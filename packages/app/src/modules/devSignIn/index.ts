import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** Replaces the app's default (guest) sign-in page with {@link DevSignInPage}. */
export const devSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => (await import('./DevSignInPage')).DevSignInPage,
  },
});

export const devSignInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [devSignInPage],
});
