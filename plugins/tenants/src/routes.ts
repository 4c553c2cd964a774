import { createRouteRef } from '@backstage/frontend-plugin-api';

/** @public */
export const rootRouteRef = createRouteRef();

/** The Rollouts page. @public */
export const rolloutsRouteRef = createRouteRef();
