import { X509Certificate } from 'node:crypto';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { waitForObjects, WaitTimeoutError } from '../kubernetes/waitForObjects';
import type { CheckResult } from './healthChecks';

const DAY_MS = 24 * 60 * 60 * 1000;

type Condition = NonNullable<
  NonNullable<CertManagerObject['status']>['conditions']
>[number];

/** The parts of a cert-manager Certificate or CertificateRequest the checks read. @public */
export interface CertManagerObject extends KubernetesObject {
  spec?: { secretName?: string };
  status?: {
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
    }>;
  };
}

/** @public */
export interface CertificateCheckOptions {
  namespace: string;
  /** The Certificate, whose Secret has the same name. */
  name: string;
  /** The host the certificate must be issued for. */
  host: string;
  /** A certificate expiring within this many days fails. */
  expiryWindowDays: number;
  /** How long to wait for the Certificate to become Ready. */
  timeoutMs: number;
  signal?: AbortSignal;
  now?: () => Date;
}

const readyCondition = (object?: CertManagerObject) =>
  object?.status?.conditions?.find(c => c.type === 'Ready');

const describeCondition = (condition?: Condition) =>
  condition
    ? [condition.reason, condition.message].filter(Boolean).join(': ')
    : 'no Ready condition yet';

/**
 * Whether a Certificate is Ready, and if not why: its own Ready condition and
 * that of its newest CertificateRequest, which names an issuer that is
 * missing or refuses to sign.
 *
 * @public
 */
export function certificateReadiness(
  certificate: CertManagerObject | undefined,
  requests: CertManagerObject[],
): { ok: boolean; detail: string } {
  if (!certificate) return { ok: false, detail: 'not found' };
  const ready = readyCondition(certificate);
  if (ready?.status === 'True') return { ok: true, detail: 'Ready' };
  const newest = [...requests].sort((a, b) =>
    (b.metadata?.creationTimestamp?.toString() ?? '').localeCompare(
      a.metadata?.creationTimestamp?.toString() ?? '',
    ),
  )[0];
  const request = newest
    ? `; request ${newest.metadata?.name}: ${describeCondition(
        readyCondition(newest),
      )}`
    : '';
  return {
    ok: false,
    detail: `not Ready (${describeCondition(ready)})${request}`,
  };
}

/**
 * The checks of an issued certificate (PEM): it is valid for `host`, and it
 * does not expire within the window.
 *
 * @public
 */
export function issuedCertificateChecks(
  check: string,
  pem: string,
  options: { host: string; expiryWindowDays: number; now: Date },
): CheckResult[] {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    const detail = `the Secret holds no readable certificate (${
      (error as Error).message
    })`;
    return [
      { check: `${check} host`, ok: false, detail },
      { check: `${check} expiry`, ok: false, detail },
    ];
  }
  const { host, expiryWindowDays, now } = options;
  const validFor = certificate.checkHost(host) !== undefined;
  const expires = new Date(certificate.validTo);
  const daysLeft = Math.floor((expires.getTime() - now.getTime()) / DAY_MS);
  const expiresOn = expires.toISOString().slice(0, 10);
  return [
    {
      check: `${check} host`,
      ok: validFor,
      detail: validFor
        ? `issued for ${host}`
        : `not valid for ${host} (${certificate.subjectAltName ?? 'no SAN'})`,
    },
    {
      check: `${check} expiry`,
      ok: daysLeft >= expiryWindowDays,
      detail:
        daysLeft < 0
          ? `expired on ${expiresOn}`
          : `expires on ${expiresOn}, in ${daysLeft} day(s); the window is ${expiryWindowDays}`,
    },
  ];
}

/**
 * The tenant's TLS certificate: Ready (awaited by watching the Certificate
 * until `timeoutMs`), issued for the host and not expiring within the window.
 * Only the certificate is read from the Secret, never the key.
 *
 * @public
 */
export async function certificateChecks(
  kubeConfig: KubeConfig,
  options: CertificateCheckOptions,
): Promise<CheckResult[]> {
  const { namespace, name } = options;
  const check = `certificate/${name}`;
  let certificate: CertManagerObject | undefined;
  try {
    await waitForObjects<CertManagerObject>(
      kubeConfig,
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', namespace },
      {
        until: objects => {
          certificate = objects.find(o => o.metadata?.name === name);
          return readyCondition(certificate)?.status === 'True';
        },
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      },
    );
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
  }
  const k8s = await loadKubernetesClient();
  const objects = kubeConfig.makeApiClient(k8s.KubernetesObjectApi);
  if (readyCondition(certificate)?.status !== 'True') {
    const requests = await objects.list<CertManagerObject>(
      'cert-manager.io/v1',
      'CertificateRequest',
      namespace,
    );
    const own = requests.items.filter(r =>
      r.metadata?.ownerReferences?.some(
        o => o.kind === 'Certificate' && o.name === name,
      ),
    );
    return [
      { check: `${check} ready`, ...certificateReadiness(certificate, own) },
    ];
  }
  const secretName = certificate?.spec?.secretName ?? name;
  const secret = await kubeConfig
    .makeApiClient(k8s.CoreV1Api)
    .readNamespacedSecret({ name: secretName, namespace });
  const pem = Buffer.from(secret.data?.['tls.crt'] ?? '', 'base64').toString(
    'utf8',
  );
  return [
    { check: `${check} ready`, ok: true, detail: 'Ready' },
    ...issuedCertificateChecks(check, pem, {
      host: options.host,
      expiryWindowDays: options.expiryWindowDays,
      now: (options.now ?? (() => new Date()))(),
    }),
  ];
}
