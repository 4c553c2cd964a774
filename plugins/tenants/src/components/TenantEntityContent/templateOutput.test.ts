import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { tenantsPlugin } from '../../plugin';

/**
 * Step 7 of the wizard: when the task is done, the task page links to the
 * Tenant tab of the tenant's entity (Resource `<slug>` in namespace default,
 * as tenants-backend's tenantEntities.ts names it).
 */
describe('the provisioning template’s output', () => {
  const template = parse(
    fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../tenants-backend/templates/tenant-provisioning/template.yaml',
      ),
      'utf8',
    ),
  );

  it('links to the Tenant tab of the new tenant', () => {
    const tabPath = createExtensionTester(
      tenantsPlugin.getExtension('entity-content:tenants'),
    ).get(coreExtensionData.routePath);
    expect(template.spec.output.links[0]).toEqual({
      title: 'Follow provisioning',
      icon: 'dashboard',
      url: `/catalog/default/resource/\${{ steps.register.output.slug }}/${tabPath}`,
    });
  });
});
