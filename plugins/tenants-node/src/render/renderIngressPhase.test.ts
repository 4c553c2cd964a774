import { createRenderContext } from './context';
import {
  renderIngressPhase,
  WHITELIST_SOURCE_RANGE_ANNOTATION,
} from './renderIngressPhase';
import { buildSpec, findObject } from './__testUtils__/fixtures';

describe('renderIngressPhase', () => {
  const ctx = createRenderContext({
    baseDomain: 'tenants.example.com',
    clusterIssuer: 'letsencrypt',
  });

  it('renders the certificate, DNS record and Ingress of the tenant host', () => {
    const objects = renderIngressPhase(buildSpec(), ctx);
    expect(objects.map(o => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Certificate/tenant-tls',
      'DNSEndpoint/tenant',
      'Ingress/tenant',
    ]);
    const certificate = findObject(objects, 'Certificate', 'tenant-tls');
    expect(certificate.apiVersion).toBe('cert-manager.io/v1');
    expect(certificate.spec).toEqual({
      secretName: 'tenant-tls',
      dnsNames: ['acme.tenants.example.com'],
      issuerRef: {
        name: 'letsencrypt',
        kind: 'ClusterIssuer',
        group: 'cert-manager.io',
      },
    });

    const ingress = findObject(objects, 'Ingress', 'tenant');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([
      { hosts: ['acme.tenants.example.com'], secretName: 'tenant-tls' },
    ]);
    expect(ingress.spec.rules[0].host).toBe('acme.tenants.example.com');
    expect(
      ingress.spec.rules[0].http.paths.map(
        (p: any) => `${p.path} ${p.backend.service.name}`,
      ),
    ).toEqual(['/api/config tenant-config', '/api query-engine']);
    expect(ingress.metadata.annotations).toBeUndefined();
  });

  it('points the DNS record at the ingress target, 127.0.0.1 by default', () => {
    const endpoint = (target?: string) =>
      findObject(
        renderIngressPhase(
          buildSpec(),
          createRenderContext({ ingressTarget: target }),
        ),
        'DNSEndpoint',
        'tenant',
      ).spec.endpoints[0];
    expect(endpoint()).toEqual({
      dnsName: 'acme.tenants.localhost',
      recordType: 'A',
      recordTTL: 300,
      targets: ['127.0.0.1'],
    });
    expect(endpoint('203.0.113.7').targets).toEqual(['203.0.113.7']);
    expect(endpoint('2001:db8::7').recordType).toBe('AAAA');
  });

  it('restricts the Ingress to the allowed CIDRs', () => {
    const ingress = findObject(
      renderIngressPhase(
        buildSpec({
          security: { allowedCidrs: ['10.0.0.0/8', '192.168.1.0/24'] },
        }),
        ctx,
      ),
      'Ingress',
      'tenant',
    );
    expect(ingress.metadata.annotations).toEqual({
      [WHITELIST_SOURCE_RANGE_ANNOTATION]: '10.0.0.0/8,192.168.1.0/24',
    });
  });
});
