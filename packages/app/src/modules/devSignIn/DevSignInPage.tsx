import { ProxiedSignInPage } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { useCallback, useMemo, useState } from 'react';
import {
  DEVELOPMENT_PROVIDER_ID,
  DEVELOPMENT_USER_HEADER,
  DevelopmentUser,
  readDevelopmentUsers,
} from './developmentUsers';
import { forgetOnSignOut } from './forgetOnSignOut';
import { rememberedUser } from './rememberedUser';
import { SignInError } from './SignInError';
import { UserChoices } from './UserChoices';

/**
 * Development sign-in: offers the users of `auth.providers.development.users`
 * and signs in as the chosen one through the backend's `development` proxy
 * provider, sending the user's entity reference in a header. The choice is
 * remembered, so reloading the page signs in as the same user; signing out
 * (Settings) forgets it.
 */
export function DevSignInPage(props: SignInPageProps) {
  const { onSignInSuccess } = props;
  const configApi = useApi(configApiRef);
  const users = useMemo(() => readDevelopmentUsers(configApi), [configApi]);
  const [chosen, setChosen] = useState<DevelopmentUser | undefined>(() => {
    const remembered = rememberedUser.get();
    return users.find(user => user.userEntityRef === remembered);
  });
  // Bumped to remount ProxiedSignInPage, which signs in once when mounted.
  const [attempt, setAttempt] = useState(0);

  const choose = useCallback((user: DevelopmentUser) => {
    rememberedUser.set(user.userEntityRef);
    setChosen(user);
  }, []);
  const chooseAnother = useCallback(() => {
    rememberedUser.forget();
    setChosen(undefined);
  }, []);
  const ErrorComponent = useCallback(
    ({ error }: { error?: Error }) =>
      chosen ? (
        <SignInError
          user={chosen}
          error={error}
          onRetry={() => setAttempt(n => n + 1)}
          onChooseAnother={chooseAnother}
        />
      ) : null,
    [chosen, chooseAnother],
  );

  if (!chosen) {
    return <UserChoices users={users} onChoose={choose} />;
  }
  return (
    <ProxiedSignInPage
      key={`${chosen.userEntityRef}#${attempt}`}
      provider={DEVELOPMENT_PROVIDER_ID}
      headers={{ [DEVELOPMENT_USER_HEADER]: chosen.userEntityRef }}
      onSignInSuccess={identity =>
        onSignInSuccess(
          forgetOnSignOut(identity, () => rememberedUser.forget()),
        )
      }
      ErrorComponent={ErrorComponent}
    />
  );
}
