import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  WarningPanel,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { DevelopmentUser } from './developmentUsers';

/** One card per development user, each with a button to sign in as them. */
export function UserChoices(props: {
  users: DevelopmentUser[];
  onChoose: (user: DevelopmentUser) => void;
}) {
  const { users, onChoose } = props;
  const appTitle =
    useApi(configApiRef).getOptionalString('app.title') ?? 'Backstage';
  return (
    <Page themeId="home">
      <Header title={appTitle} subtitle="Development sign-in" />
      <Content>
        <ContentHeader title="Sign in as an example user" />
        {users.length === 0 ? (
          <WarningPanel
            title="No development users configured"
            message="List the users to sign in as under auth.providers.development.users in app-config.yaml."
          />
        ) : (
          <Grid container spacing={2}>
            {users.map(user => (
              <Grid item xs={12} sm={6} md={4} key={user.userEntityRef}>
                <InfoCard
                  variant="fullHeight"
                  title={user.title}
                  subheader={user.userEntityRef}
                  actions={
                    <Button
                      color="primary"
                      variant="outlined"
                      aria-label={`Sign in as ${user.title}`}
                      onClick={() => onChoose(user)}
                    >
                      Sign in
                    </Button>
                  }
                >
                  {user.description && (
                    <Typography variant="body1">{user.description}</Typography>
                  )}
                </InfoCard>
              </Grid>
            ))}
          </Grid>
        )}
      </Content>
    </Page>
  );
}
