import { createRouteRef } from '@backstage/frontend-plugin-api';

/** @public */
export const rootRouteRef = createRouteRef();
