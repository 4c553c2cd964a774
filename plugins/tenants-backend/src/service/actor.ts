import { Request } from 'express';
import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';

/**
 * Who is calling: the user entity ref for users (also when a service calls on
 * a user's behalf), the principal subject for services. Unauthenticated
 * callers are rejected with a 401 by `httpAuth`.
 */
export async function resolveActor(
  req: Request,
  httpAuth: HttpAuthService,
  auth: AuthService,
): Promise<string> {
  const credentials = await httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  if (auth.isPrincipal(credentials, 'user')) {
    return credentials.principal.userEntityRef;
  }
  if (auth.isPrincipal(credentials, 'service')) {
    return credentials.principal.subject;
  }
  return 'unknown';
}
