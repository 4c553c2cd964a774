import type { Entity } from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';

const LOCATION_KEY = 'tenant-templates';

/**
 * Puts the tenant templates into the catalog with a full mutation when the
 * catalog connects, so that a template turned off in config disappears.
 */
export class TenantTemplatesProvider implements EntityProvider {
  constructor(private readonly templates: Entity[]) {}

  getProviderName(): string {
    return 'tenant-templates';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    await connection.applyMutation({
      type: 'full',
      entities: this.templates.map(entity => ({
        entity,
        locationKey: LOCATION_KEY,
      })),
    });
  }
}
