import type { KubernetesObject } from '@kubernetes/client-node';

/** cert-manager `Certificate` (cert-manager.io/v1). @public */
export interface Certificate extends KubernetesObject {
  spec: {
    secretName: string;
    dnsNames: string[];
    issuerRef: {
      name: string;
      kind: 'ClusterIssuer' | 'Issuer';
      group: string;
    };
  };
}

/** external-dns `DNSEndpoint` (externaldns.k8s.io/v1alpha1). @public */
export interface DNSEndpoint extends KubernetesObject {
  spec: {
    endpoints: Array<{
      dnsName: string;
      recordType: 'A' | 'AAAA' | 'CNAME';
      recordTTL: number;
      targets: string[];
    }>;
  };
}

/** Prometheus operator `ServiceMonitor` (monitoring.coreos.com/v1). @public */
export interface ServiceMonitor extends KubernetesObject {
  spec: {
    selector: { matchLabels: Record<string, string> };
    endpoints: Array<{ port: string; interval: string; path?: string }>;
  };
}
