import {
  certificateReadiness,
  issuedCertificateChecks,
  type CertManagerObject,
} from './certificateChecks';

// A throwaway self-signed certificate (no key) for demo.tenants.localhost,
// valid from 2026-12-07 to 2027-03-07.
const PEM = `-----BEGIN CERTIFICATE-----
MIIBujCCAWCgAwIBAgIUc5gV+KtBPuTfoTh88e1tgpEl++wwCgYIKoZIzj0EAwIw
ITEfMB0GA1UEAwwWZGVtby50ZW5hbnRzLmxvY2FsaG9zdDAeFw0yNjEyMDcxNzA5
MDVaFw0yNzAzMDcxNzA5MDVaMCExHzAdBgNVBAMMFmRlbW8udGVuYW50cy5sb2Nh
bGhvc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQaDhepYr3hATD4uKlp3LH3
T35T2EqFBg6lAQewT/RbGVNK6WTY/MUsYDDG10zf+az/rMvJLdh4ZlCu2EyMcI7/
o3YwdDAdBgNVHQ4EFgQUD83jTyHpwK+WpITtyKYX1dEE6mswHwYDVR0jBBgwFoAU
D83jTyHpwK+WpITtyKYX1dEE6mswDwYDVR0TAQH/BAUwAwEB/zAhBgNVHREEGjAY
ghZkZW1vLnRlbmFudHMubG9jYWxob3N0MAoGCCqGSM49BAMCA0gAMEUCIQC+dKsh
mJ+hAmQnNR9Fr6OAEgdPJawJ7iOo7TGPVKQHJgIgbi5XeUShijqnT/unGA8tr8Ir
dyaQcRM4nn0hPPsdLhM=
-----END CERTIFICATE-----
`;

const condition = (status: string, reason: string, message: string) => ({
  status: { conditions: [{ type: 'Ready', status, reason, message }] },
});

describe('certificateReadiness', () => {
  it('passes a Ready certificate', () => {
    expect(
      certificateReadiness(
        { metadata: { name: 'tenant-tls' }, ...condition('True', 'Ready', '') },
        [],
      ),
    ).toEqual({ ok: true, detail: 'Ready' });
  });

  it('names why the newest request is stuck, e.g. a missing issuer', () => {
    const certificate: CertManagerObject = {
      metadata: { name: 'tenant-tls' },
      ...condition(
        'False',
        'DoesNotExist',
        'Issuing certificate as Secret does not exist',
      ),
    };
    const requests: CertManagerObject[] = [
      {
        metadata: {
          name: 'tenant-tls-1',
          creationTimestamp: '2026-12-07T10:00:00Z' as any,
        },
        ...condition('False', 'Failed', 'old failure'),
      },
      {
        metadata: {
          name: 'tenant-tls-2',
          creationTimestamp: '2026-12-07T11:00:00Z' as any,
        },
        ...condition(
          'False',
          'Pending',
          'Referenced "ClusterIssuer" not found: clusterissuer.cert-manager.io "tenant-platform-ca" not found',
        ),
      },
    ];
    expect(certificateReadiness(certificate, requests)).toEqual({
      ok: false,
      detail:
        'not Ready (DoesNotExist: Issuing certificate as Secret does not exist); request tenant-tls-2: Pending: Referenced "ClusterIssuer" not found: clusterissuer.cert-manager.io "tenant-platform-ca" not found',
    });
  });

  it('fails a missing certificate', () => {
    expect(certificateReadiness(undefined, [])).toEqual({
      ok: false,
      detail: 'not found',
    });
  });
});

describe('issuedCertificateChecks', () => {
  const now = new Date('2027-01-01T00:00:00Z');

  it('passes a certificate for the host outside the expiry window', () => {
    expect(
      issuedCertificateChecks('certificate/tenant-tls', PEM, {
        host: 'demo.tenants.localhost',
        expiryWindowDays: 14,
        now,
      }),
    ).toEqual([
      {
        check: 'certificate/tenant-tls host',
        ok: true,
        detail: 'issued for demo.tenants.localhost',
      },
      {
        check: 'certificate/tenant-tls expiry',
        ok: true,
        detail: 'expires on 2027-03-07, in 65 day(s); the window is 14',
      },
    ]);
  });

  it('fails a certificate for another host', () => {
    const [host] = issuedCertificateChecks('certificate/tenant-tls', PEM, {
      host: 'other.tenants.localhost',
      expiryWindowDays: 14,
      now,
    });
    expect(host).toEqual({
      check: 'certificate/tenant-tls host',
      ok: false,
      detail:
        'not valid for other.tenants.localhost (DNS:demo.tenants.localhost)',
    });
  });

  it('fails a certificate that expires within the window, or has expired', () => {
    const within = issuedCertificateChecks('c', PEM, {
      host: 'demo.tenants.localhost',
      expiryWindowDays: 70,
      now,
    })[1];
    expect(within).toMatchObject({
      ok: false,
      detail: expect.stringContaining('in 65 day(s); the window is 70'),
    });
    const expired = issuedCertificateChecks('c', PEM, {
      host: 'demo.tenants.localhost',
      expiryWindowDays: 14,
      now: new Date('2027-04-01T00:00:00Z'),
    })[1];
    expect(expired).toEqual({
      check: 'c expiry',
      ok: false,
      detail: 'expired on 2027-03-07',
    });
  });

  it('fails both checks when the Secret holds no certificate', () => {
    const checks = issuedCertificateChecks('c', '', {
      host: 'demo.tenants.localhost',
      expiryWindowDays: 14,
      now,
    });
    expect(checks.map(c => c.ok)).toEqual([false, false]);
    expect(checks[0].detail).toMatch(
      /^the Secret holds no readable certificate/,
    );
  });
});
