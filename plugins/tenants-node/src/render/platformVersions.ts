import type { Config } from '@backstage/config';
import {
  createRenderContext,
  DEFAULT_IMAGE_TAG,
  type RenderContext,
  type RenderContextOptions,
  type TenantImage,
} from './context';
import {
  resolveTierSizing,
  type ResourceTier,
  type TierSizingOverrides,
} from './sizing';

/** The image references of an `images` key of config, by image name. */
export function readImageMap(
  config: Config,
  key: string,
): Partial<Record<TenantImage, string>> | undefined {
  const images = config.getOptionalConfig(key);
  return images
    ? Object.fromEntries(images.keys().map(k => [k, images.getString(k)]))
    : undefined;
}

/**
 * One platform version as config declares it: the images (registry, tag,
 * single images over the top-level `tenants.*` ones) and the sizing
 * defaults its tenants are rendered with.
 *
 * @public
 */
export interface PlatformVersionDefinition {
  version: string;
  imageRegistry?: string;
  imageTag?: string;
  images?: Partial<Record<TenantImage, string>>;
  sizing?: Partial<Record<ResourceTier, TierSizingOverrides>>;
}

/**
 * The platform versions that config declares (`tenants.platformVersions`),
 * oldest first, and the one in force: new tenants get it, and tenants on an
 * older one are behind until a rollout or change request upgrades them.
 * Without `tenants.platformVersions` there is one version, named after
 * `tenants.imageTag`, rendered exactly as the top-level options say.
 *
 * @public
 */
export class PlatformVersions {
  readonly current: string;
  private readonly definitions: ReadonlyMap<string, PlatformVersionDefinition>;
  private readonly order: readonly string[];

  static fromConfig(config: Config): PlatformVersions {
    const defaults: RenderContextOptions = {
      imageRegistry: config.getOptionalString('tenants.imageRegistry'),
      imageTag: config.getOptionalString('tenants.imageTag'),
      images: readImageMap(config, 'tenants.images'),
    };
    const section = config.getOptionalConfig('tenants.platformVersions');
    if (!section) {
      return new PlatformVersions(
        [{ version: defaults.imageTag ?? DEFAULT_IMAGE_TAG }],
        { defaults },
      );
    }
    const definitions = section.getConfigArray('versions').map(entry => {
      const versionImages = entry.getOptionalConfig('images');
      return {
        version: entry.getString('version'),
        imageRegistry: entry.getOptionalString('imageRegistry'),
        imageTag: entry.getOptionalString('imageTag'),
        images: versionImages
          ? Object.fromEntries(
              versionImages.keys().map(k => [k, versionImages.getString(k)]),
            )
          : undefined,
        sizing:
          entry.getOptional<Partial<Record<ResourceTier, TierSizingOverrides>>>(
            'sizing',
          ),
      };
    });
    return new PlatformVersions(definitions, {
      current: section.getOptionalString('current'),
      defaults,
    });
  }

  /**
   * @param definitions - oldest first; names must be unique.
   * @param options - `current` defaults to the last definition; `defaults`
   * are the top-level image options every version starts from.
   */
  constructor(
    definitions: PlatformVersionDefinition[],
    private readonly options: {
      current?: string;
      defaults?: RenderContextOptions;
    } = {},
  ) {
    if (definitions.length === 0) {
      throw new Error(
        'tenants.platformVersions.versions must declare at least one version',
      );
    }
    const byName = new Map<string, PlatformVersionDefinition>();
    for (const definition of definitions) {
      if (byName.has(definition.version)) {
        throw new Error(
          `tenants.platformVersions.versions declares version '${definition.version}' twice`,
        );
      }
      byName.set(definition.version, definition);
    }
    const current =
      options.current ?? definitions[definitions.length - 1].version;
    if (!byName.has(current)) {
      throw new Error(
        `tenants.platformVersions.current is '${current}', which tenants.platformVersions.versions does not declare (declared: ${[
          ...byName.keys(),
        ].join(', ')})`,
      );
    }
    this.definitions = byName;
    this.order = definitions.map(d => d.version);
    this.current = current;
  }

  /** Every declared version, oldest first. */
  list(): readonly string[] {
    return this.order;
  }

  has(version: string): boolean {
    return this.definitions.has(version);
  }

  /**
   * Whether a tenant on `version` runs an older version than the one in
   * force; a version that config no longer declares counts as older.
   */
  isBehind(version: string): boolean {
    return this.order.indexOf(version) < this.order.indexOf(this.current);
  }

  /** The declared versions older than the one in force. */
  olderThanCurrent(): string[] {
    return this.order.slice(0, this.order.indexOf(this.current));
  }

  /** Full image reference of every image of `version`. */
  images(version: string): Record<TenantImage, string> {
    const definition = this.definition(version);
    const defaults = this.options.defaults ?? {};
    return createRenderContext({
      imageRegistry: definition.imageRegistry ?? defaults.imageRegistry,
      imageTag: definition.imageTag ?? defaults.imageTag,
      images: { ...defaults.images, ...definition.images },
    }).images;
  }

  /**
   * The render context of `version` (the one in force when left out):
   * `base` (domain, issuer, CRDs, injected faults) with the version's images
   * and sizing. Throws for a version that config does not declare.
   */
  renderContext(base: RenderContext, version?: string): RenderContext {
    const definition = this.definition(version ?? this.current);
    return {
      ...base,
      images: this.images(definition.version),
      sizing: definition.sizing
        ? resolveTierSizing(definition.sizing)
        : base.sizing,
    };
  }

  private definition(version: string): PlatformVersionDefinition {
    const definition = this.definitions.get(version);
    if (!definition) {
      throw new Error(
        `Platform version '${version}' is not declared in tenants.platformVersions (declared: ${this.order.join(
          ', ',
        )})`,
      );
    }
    return definition;
  }
}
