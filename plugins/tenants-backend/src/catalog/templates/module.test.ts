import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  type EntityProvider,
  type EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { catalogModuleTenantTemplates } from './module';

describe('catalogModuleTenantTemplates', () => {
  async function start(templates: object) {
    const providers: EntityProvider[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addEntityProvider: (p: EntityProvider) => providers.push(p) },
        ],
      ],
      features: [
        catalogModuleTenantTemplates,
        mockServices.rootConfig.factory({
          data: { tenants: { templates } },
        }),
      ],
    });
    return providers;
  }

  it('provides the packaged templates to the catalog with a full mutation', async () => {
    const [provider] = await start({
      change: { enabled: false },
      dataSourceChange: { enabled: false },
    });
    const applyMutation = jest.fn();
    await provider.connect({
      applyMutation,
      refresh: jest.fn(),
    } as EntityProviderConnection);
    expect(applyMutation).toHaveBeenCalledTimes(1);
    const [mutation] = applyMutation.mock.calls[0];
    expect(mutation.type).toBe('full');
    expect(
      mutation.entities.map(
        (e: { entity: Entity; locationKey: string }) =>
          `${e.entity.kind}:${e.entity.metadata.name}@${e.locationKey}`,
      ),
    ).toEqual(['Template:tenant-provisioning@tenant-templates']);
  });

  it('stops the backend at start, naming the key, when a replacement file is missing', async () => {
    await expect(
      start({ provisioning: { file: '/nonexistent/template.yaml' } }),
    ).rejects.toThrow(
      'Invalid config at tenants.templates.provisioning.file: /nonexistent/template.yaml is not a usable scaffolder Template (ENOENT',
    );
  });
});
