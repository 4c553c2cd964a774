import { missingCrdsMessage } from './missingCrds';

describe('missingCrdsMessage', () => {
  it('names every missing required CRD of the phase', () => {
    expect(
      missingCrdsMessage('ingress', ['certificates.cert-manager.io']),
    ).toBe(
      'Phase ingress needs the CustomResourceDefinition dnsendpoints.externaldns.k8s.io, which the cluster does not serve; install it on the cluster and retry',
    );
    expect(missingCrdsMessage('ingress', [])).toContain(
      'CustomResourceDefinitions certificates.cert-manager.io, dnsendpoints.externaldns.k8s.io',
    );
  });

  it('accepts phases whose CRDs are there or that need none', () => {
    expect(
      missingCrdsMessage('ingress', [
        'certificates.cert-manager.io',
        'dnsendpoints.externaldns.k8s.io',
      ]),
    ).toBeUndefined();
    expect(missingCrdsMessage('observability', [])).toBeUndefined();
  });
});
