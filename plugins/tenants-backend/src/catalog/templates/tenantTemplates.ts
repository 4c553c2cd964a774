import fs from 'node:fs/promises';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  DEFAULT_NAMESPACE,
  parseEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { parse as parseYaml } from 'yaml';
import { CHANGE_TEMPLATE_REF } from '../../changeRequests/ChangeTaskLauncher';

const PACKAGE_NAME = '@tenant-platform/backstage-plugin-tenants-backend';

/** Records the package version a packaged template was shipped with. */
export const TEMPLATE_VERSION_ANNOTATION = 'tenants.dev/template-version';

interface PackagedTemplate {
  /** Its folder under the package's `templates/`. */
  directory: string;
  /** The entity ref the Tenant Service starts it by, which a replacement must keep. */
  startedAs?: string;
}

/** The packaged templates, by their key under `tenants.templates`. */
export const PACKAGED_TEMPLATES: Record<string, PackagedTemplate> = {
  provisioning: { directory: 'tenant-provisioning' },
  change: { directory: 'tenant-change', startedAs: CHANGE_TEMPLATE_REF },
  dataSourceChange: { directory: 'tenant-data-source-change' },
};

/**
 * The templates to put into the catalog: each packaged template unless
 * `tenants.templates.<key>.enabled` is false, read from
 * `tenants.templates.<key>.file` (relative to the backend's working
 * directory) when that replaces it. A replacement that cannot be read or is
 * not a scaffolder Template throws an error naming its config key.
 */
export async function loadTenantTemplates(config: Config): Promise<Entity[]> {
  const templates: Entity[] = [];
  for (const [key, packaged] of Object.entries(PACKAGED_TEMPLATES)) {
    const configKey = `tenants.templates.${key}`;
    if (config.getOptionalBoolean(`${configKey}.enabled`) === false) {
      continue;
    }
    const replacement = config.getOptionalString(`${configKey}.file`);
    if (replacement === undefined) {
      templates.push(await readPackagedTemplate(packaged.directory));
      continue;
    }
    const file = path.resolve(replacement);
    try {
      const entity = await readTemplate(file);
      checkStartedAs(entity, packaged.startedAs);
      templates.push(entity);
    } catch (error) {
      throw new Error(
        `Invalid config at ${configKey}.file: ${file} is not a usable scaffolder Template (${
          (error as Error).message
        })`,
      );
    }
  }
  return templates;
}

async function readPackagedTemplate(directory: string): Promise<Entity> {
  const entity = await readTemplate(
    resolvePackagePath(PACKAGE_NAME, `templates/${directory}/template.yaml`),
  );
  const { version } = JSON.parse(
    await fs.readFile(resolvePackagePath(PACKAGE_NAME, 'package.json'), 'utf8'),
  );
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    [TEMPLATE_VERSION_ANNOTATION]: version,
  };
  return entity;
}

/** Reads a Template entity from a YAML file and marks that file as its location. */
async function readTemplate(file: string): Promise<Entity> {
  const entity = parseYaml(await fs.readFile(file, 'utf8'));
  if (
    typeof entity !== 'object' ||
    entity === null ||
    !(await templateEntityV1beta3Validator.check(entity))
  ) {
    throw new Error(
      'expected apiVersion scaffolder.backstage.io/v1beta3 and kind Template',
    );
  }
  const location = `file:${file}`;
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
  return entity;
}

function checkStartedAs(entity: Entity, startedAs: string | undefined) {
  if (!startedAs) {
    return;
  }
  const { namespace, name } = parseEntityRef(startedAs);
  if (
    entity.metadata.name !== name ||
    (entity.metadata.namespace ?? DEFAULT_NAMESPACE) !== namespace
  ) {
    throw new Error(
      `the Tenant Service starts it as ${startedAs}, so it must be named ${name} in namespace ${namespace}`,
    );
  }
}
