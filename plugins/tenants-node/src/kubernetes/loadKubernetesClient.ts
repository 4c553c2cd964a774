/**
 * `@kubernetes/client-node` is ESM-only while Backstage backends are compiled to
 * CommonJS, so it is loaded with a dynamic import (as Backstage's own
 * kubernetes-backend does) and types are taken with `import type`.
 *
 * @public
 */
export type KubernetesClientModule = typeof import('@kubernetes/client-node');

let clientModule: Promise<KubernetesClientModule> | undefined;

/** @public */
export function loadKubernetesClient(): Promise<KubernetesClientModule> {
  clientModule ??= import('@kubernetes/client-node');
  return clientModule;
}
