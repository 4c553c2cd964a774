import type { Config } from '@backstage/config';
import { createRenderContext, type RenderContext } from './context';

/**
 * The render context from `tenants.*` in app-config (baseDomain,
 * clusterIssuer, ingressTarget, ingressControllerNamespace, imageRegistry,
 * imageTag and images): the phase actions and the dry-run preview read it the
 * same way, so the preview shows what the phases will apply.
 *
 * @public
 */
export function renderContextFromConfig(config: Config): RenderContext {
  const images = config.getOptionalConfig('tenants.images');
  return createRenderContext({
    baseDomain: config.getOptionalString('tenants.baseDomain'),
    clusterIssuer: config.getOptionalString('tenants.clusterIssuer'),
    ingressTarget: config.getOptionalString('tenants.ingressTarget'),
    ingressControllerNamespace: config.getOptionalString(
      'tenants.ingressControllerNamespace',
    ),
    imageRegistry: config.getOptionalString('tenants.imageRegistry'),
    imageTag: config.getOptionalString('tenants.imageTag'),
    images: images
      ? Object.fromEntries(images.keys().map(k => [k, images.getString(k)]))
      : undefined,
  });
}
