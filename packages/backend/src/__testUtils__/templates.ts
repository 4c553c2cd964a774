import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { parse as parseYaml } from 'yaml';

/** The scaffolder template `templates/<name>/template.yaml` packaged with tenants-backend. */
export function readTemplate(name: string): Entity {
  return parseYaml(
    fs.readFileSync(
      path.resolve(
        __dirname,
        `../../../../plugins/tenants-backend/templates/${name}/template.yaml`,
      ),
      'utf8',
    ),
  );
}

/** The entity ref the scaffolder is asked to run a template by. */
export const templateRefOf = (template: Entity) =>
  `template:default/${template.metadata.name}`;
