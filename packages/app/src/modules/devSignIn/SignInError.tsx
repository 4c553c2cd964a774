import { Content, ErrorPanel, Header, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { DevelopmentUser } from './developmentUsers';

/**
 * The auth backend's own error (a ResponseError's cause, e.g. "'x' is not a
 * development user"), which says more than "Request failed with 401".
 */
function reasonOf(error: Error | undefined): Error {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof Error && cause.message) {
    return cause;
  }
  return error ?? new Error('Sign-in failed');
}

/** Why signing in as a development user failed, with a way forward. */
export function SignInError(props: {
  user: DevelopmentUser;
  error?: Error;
  onRetry: () => void;
  onChooseAnother: () => void;
}) {
  const { user, error, onRetry, onChooseAnother } = props;
  const appTitle =
    useApi(configApiRef).getOptionalString('app.title') ?? 'Backstage';
  return (
    <Page themeId="home">
      <Header title={appTitle} subtitle="Development sign-in" />
      <Content>
        <ErrorPanel
          title={`Could not sign in as ${user.title}`}
          error={reasonOf(error)}
          defaultExpanded
        />
        <Box mt={2} display="flex" gridGap={8}>
          <Button color="primary" variant="contained" onClick={onRetry}>
            Try again
          </Button>
          <Button color="primary" variant="outlined" onClick={onChooseAnother}>
            Choose another user
          </Button>
        </Box>
      </Content>
    </Page>
  );
}
