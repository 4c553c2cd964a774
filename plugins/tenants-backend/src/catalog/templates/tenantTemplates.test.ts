import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { stringify as toYaml } from 'yaml';
import { version } from '../../../package.json';
import {
  loadTenantTemplates,
  TEMPLATE_VERSION_ANNOTATION,
} from './tenantTemplates';

const templateYaml = (name: string) =>
  toYaml({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, title: `Our ${name}` },
    spec: { owner: 'group:default/ops', type: 'tenant', steps: [] },
  });

describe('loadTenantTemplates', () => {
  const dir = createMockDirectory();
  const load = (templates: object) =>
    loadTenantTemplates(new ConfigReader({ tenants: { templates } }));

  it('reads the packaged templates, stamped with the package version and their file', async () => {
    const templates = await load({});
    expect(templates.map(t => t.metadata.name)).toEqual([
      'tenant-provisioning',
      'tenant-change',
      'tenant-data-source-change',
    ]);
    for (const template of templates) {
      const annotations = template.metadata.annotations!;
      expect(annotations[TEMPLATE_VERSION_ANNOTATION]).toBe(version);
      expect(annotations[ANNOTATION_LOCATION]).toMatch(
        new RegExp(
          `^file:.*/templates/${template.metadata.name}/template\\.yaml$`,
        ),
      );
      expect(annotations[ANNOTATION_ORIGIN_LOCATION]).toBe(
        annotations[ANNOTATION_LOCATION],
      );
      // Tenant admins use the data-source template; the others are the platform admins'.
      expect(template.metadata.tags?.includes('platform-admin')).toBe(
        template.metadata.name !== 'tenant-data-source-change',
      );
    }
  });

  it('leaves out a template that is turned off', async () => {
    const templates = await load({ provisioning: { enabled: false } });
    expect(templates.map(t => t.metadata.name)).toEqual([
      'tenant-change',
      'tenant-data-source-change',
    ]);
  });

  it('reads a replacement file instead of the packaged template', async () => {
    dir.setContent({ 'ours.yaml': templateYaml('our-provisioning') });
    const templates = await load({
      provisioning: { file: dir.resolve('ours.yaml') },
    });
    expect(templates[0].metadata).toMatchObject({
      name: 'our-provisioning',
      annotations: {
        [ANNOTATION_LOCATION]: `file:${dir.resolve('ours.yaml')}`,
      },
    });
    expect(
      templates[0].metadata.annotations![TEMPLATE_VERSION_ANNOTATION],
    ).toBeUndefined();
  });

  it('names the key of a replacement file that does not exist', async () => {
    const missing = dir.resolve('missing.yaml');
    await expect(load({ provisioning: { file: missing } })).rejects.toThrow(
      `Invalid config at tenants.templates.provisioning.file: ${missing} is not a usable scaffolder Template (ENOENT`,
    );
  });

  it('names the key of a replacement that is not YAML', async () => {
    dir.setContent({ 'broken.yaml': 'kind: Template\n  bad: [indent' });
    await expect(
      load({ change: { file: dir.resolve('broken.yaml') } }),
    ).rejects.toThrow(/^Invalid config at tenants\.templates\.change\.file: /);
  });

  it('names the key of a replacement that is another kind of entity', async () => {
    dir.setContent({
      'component.yaml': toYaml({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: {},
      }),
    });
    await expect(
      load({ provisioning: { file: dir.resolve('component.yaml') } }),
    ).rejects.toThrow(
      'Invalid config at tenants.templates.provisioning.file: ' +
        `${dir.resolve(
          'component.yaml',
        )} is not a usable scaffolder Template ` +
        '(expected apiVersion scaffolder.backstage.io/v1beta3 and kind Template)',
    );
  });

  it('names the key of a Template without a spec', async () => {
    dir.setContent({
      'nospec.yaml': toYaml({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'x' },
      }),
    });
    await expect(
      load({ provisioning: { file: dir.resolve('nospec.yaml') } }),
    ).rejects.toThrow(
      /^Invalid config at tenants\.templates\.provisioning\.file: /,
    );
  });

  it('requires a replacement change template to keep the name the Tenant Service starts', async () => {
    dir.setContent({ 'change.yaml': templateYaml('our-change') });
    await expect(
      load({ change: { file: dir.resolve('change.yaml') } }),
    ).rejects.toThrow(
      'the Tenant Service starts it as template:default/tenant-change, so it must be named tenant-change in namespace default',
    );
    dir.setContent({ 'change.yaml': templateYaml('tenant-change') });
    await expect(
      load({ change: { file: dir.resolve('change.yaml') } }),
    ).resolves.toHaveLength(3);
  });
});
