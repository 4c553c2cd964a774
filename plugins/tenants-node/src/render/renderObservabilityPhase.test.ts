import { createRenderContext } from './context';
import { renderObservabilityPhase } from './renderObservabilityPhase';
import { SERVICE_MONITORS_CRD } from './requiredCrds';
import { buildSpec, byKind, findObject } from './__testUtils__/fixtures';

describe('renderObservabilityPhase', () => {
  it('runs the collectors as Deployments with their configuration, never as DaemonSets', () => {
    const objects = renderObservabilityPhase(
      buildSpec(),
      createRenderContext(),
    );
    expect(objects.map(o => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/metrics-collector',
      'Role/metrics-collector',
      'RoleBinding/metrics-collector',
      'NetworkPolicy/allow-metrics-collector-apiserver',
      'ConfigMap/metrics-collector-config',
      'Deployment/metrics-collector',
      'Service/metrics-collector',
      'ConfigMap/log-collector-config',
      'Deployment/log-collector',
      'Service/log-collector',
    ]);
    expect(byKind(objects, 'DaemonSet')).toEqual([]);
  });

  it('lets the metrics collector discover pods in the tenant namespace only', () => {
    const objects = renderObservabilityPhase(
      buildSpec(),
      createRenderContext(),
    );
    const config = JSON.parse(
      findObject(objects, 'ConfigMap', 'metrics-collector-config').data[
        'config.yaml'
      ],
    );
    expect(
      config.receivers.prometheus.config.scrape_configs[0]
        .kubernetes_sd_configs,
    ).toEqual([{ role: 'pod', namespaces: { names: ['tenant-acme'] } }]);
    const pod = findObject(objects, 'Deployment', 'metrics-collector').spec
      .template.spec;
    expect(pod.serviceAccountName).toBe('metrics-collector');
    expect(pod.automountServiceAccountToken).toBe(true);
    const logPod = findObject(objects, 'Deployment', 'log-collector').spec
      .template.spec;
    expect(logPod.automountServiceAccountToken).toBe(false);
  });

  it('renders a ServiceMonitor only when the cluster serves the CRD', () => {
    const monitors = (availableCrds: string[]) =>
      byKind(
        renderObservabilityPhase(
          buildSpec(),
          createRenderContext({ availableCrds }),
        ),
        'ServiceMonitor',
      );
    expect(monitors([])).toEqual([]);
    const [monitor] = monitors([SERVICE_MONITORS_CRD]);
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata.namespace).toBe('tenant-acme');
    expect(monitor.spec.endpoints).toEqual([
      { port: 'metrics', interval: '30s' },
    ]);
  });
});
