import { PHASE_OBJECT_KINDS } from '@tenant-platform/backstage-plugin-tenants-common';
import { ALL_MODULES, buildSpec } from './__testUtils__/fixtures';
import { createRenderContext } from './context';
import { renderAllPhases } from './renderPhase';
import { REQUIRED_CRDS_BY_PHASE } from './requiredCrds';

/**
 * The frontend's rollback dialog lists the kinds of tenants-common's
 * PHASE_OBJECT_KINDS; they must be what the phases really render.
 */
describe('PHASE_OBJECT_KINDS', () => {
  const everyCrd = Object.values(REQUIRED_CRDS_BY_PHASE).flatMap(crds => [
    ...crds.required,
    ...crds.optional,
  ]);

  it('names exactly the kinds each phase renders with every module, data source, optional CRD and initial data', () => {
    const phases = renderAllPhases(
      buildSpec({ modules: ALL_MODULES }),
      createRenderContext({
        availableCrds: everyCrd,
        initialData: {
          postgres: { databases: [{ name: 'app' }] },
          kafka: { topics: [{ name: 'events', partitions: 1 }] },
          redis: { users: [{ name: 'cache', permissions: ['+@read'] }] },
        },
      }),
    );
    for (const { phase, objects } of phases) {
      const rendered = [...new Set(objects.map(o => o.kind))];
      expect({ phase, kinds: rendered }).toEqual({
        phase,
        kinds: PHASE_OBJECT_KINDS[phase],
      });
    }
  });

  it('renders no kind outside the list for a minimal tenant on a cluster without optional CRDs', () => {
    const phases = renderAllPhases(
      buildSpec({
        dataSources: [],
        modules: { bi: false, contextGraph: false },
      }),
      createRenderContext({
        availableCrds: Object.values(REQUIRED_CRDS_BY_PHASE).flatMap(
          crds => crds.required,
        ),
      }),
    );
    for (const { phase, objects } of phases) {
      for (const object of objects) {
        expect(PHASE_OBJECT_KINDS[phase]).toContain(object.kind);
      }
    }
  });
});
