export { authModuleDevelopmentProvider as default } from './module';
export {
  DEVELOPMENT_USER_HEADER,
  developmentAuthenticator,
} from './authenticator';
export { signInAsDevelopmentUser } from './resolver';
export { developmentUserProfile } from './profile';
export {
  readDevelopmentUsers,
  type DevelopmentAuthResult,
  type DevelopmentUser,
} from './users';
