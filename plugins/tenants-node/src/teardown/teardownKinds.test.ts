import { createRenderContext } from '../render/context';
import { buildSpec } from '../render/__testUtils__/fixtures';
import { teardownKinds } from './teardownKinds';

describe('teardownKinds', () => {
  const kinds = teardownKinds(buildSpec(), createRenderContext()).map(
    k => k.kind,
  );

  it('tears down the newest phase first and the Namespace last', () => {
    // observability (6) before ingress (5.5) before data infrastructure (3) before namespace (1) objects
    expect(kinds.indexOf('ServiceMonitor')).toBeLessThan(
      kinds.indexOf('Certificate'),
    );
    expect(kinds.indexOf('Ingress')).toBeLessThan(kinds.indexOf('StatefulSet'));
    expect(kinds.indexOf('StatefulSet')).toBeLessThan(
      kinds.indexOf('ResourceQuota'),
    );
    expect(kinds.slice(-2)).toEqual(['PersistentVolumeClaim', 'Namespace']);
  });

  it('includes Jobs, with or without initial data in the render context', () => {
    expect(kinds.filter(k => k === 'Job')).toEqual(['Job']);
    const withJobs = teardownKinds(
      buildSpec(),
      createRenderContext({
        initialData: { postgres: { databases: [{ name: 'app' }] } },
      }),
    ).map(k => k.kind);
    expect(withJobs.filter(k => k === 'Job')).toEqual(['Job']);
    expect(withJobs.indexOf('Job')).toBeLessThan(withJobs.indexOf('Secret'));
  });

  it('lists each kind once, including optional custom resources', () => {
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'ServiceMonitor',
        'DNSEndpoint',
        'Secret',
        'ResourceQuota',
        'RoleBinding',
      ]),
    );
  });
});
