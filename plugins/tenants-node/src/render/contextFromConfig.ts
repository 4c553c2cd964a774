import type { Config } from '@backstage/config';
import { createRenderContext, type RenderContext } from './context';
import { parseInitialData } from './initialData';
import { PlatformVersions, readImageMap } from './platformVersions';

/**
 * The render context from `tenants.*` in app-config (baseDomain,
 * clusterIssuer, ingressTarget, ingressControllerNamespace, imageRegistry,
 * imageTag, images and initialData) with the images and sizing of the platform version in
 * force (`tenants.platformVersions`): the phase actions and the dry-run
 * preview read it the same way, so the preview shows what the phases will
 * apply. Tenants on other versions are rendered with
 * {@link PlatformVersions.renderContext}. Invalid `tenants.initialData`
 * throws, naming the key, so that the backend does not start with it.
 *
 * @public
 */
export function renderContextFromConfig(config: Config): RenderContext {
  const base = createRenderContext({
    baseDomain: config.getOptionalString('tenants.baseDomain'),
    clusterIssuer: config.getOptionalString('tenants.clusterIssuer'),
    ingressTarget: config.getOptionalString('tenants.ingressTarget'),
    ingressControllerNamespace: config.getOptionalString(
      'tenants.ingressControllerNamespace',
    ),
    imageRegistry: config.getOptionalString('tenants.imageRegistry'),
    imageTag: config.getOptionalString('tenants.imageTag'),
    images: readImageMap(config, 'tenants.images'),
    initialData: parseInitialData(
      config.getOptional('tenants.initialData'),
      'tenants.initialData',
    ),
  });
  return PlatformVersions.fromConfig(config).renderContext(base);
}
