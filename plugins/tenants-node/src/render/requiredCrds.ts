import type { PhaseId } from '@tenant-platform/backstage-plugin-tenants-common';

/** @public */
export const CERTIFICATES_CRD = 'certificates.cert-manager.io';
/** @public */
export const DNS_ENDPOINTS_CRD = 'dnsendpoints.externaldns.k8s.io';
/** @public */
export const SERVICE_MONITORS_CRD = 'servicemonitors.monitoring.coreos.com';

/**
 * CustomResourceDefinitions (`<plural>.<group>`) each phase renders objects
 * of: a phase cannot run without its required ones, and renders objects of
 * optional ones only when `RenderContext.availableCrds` lists them.
 *
 * @public
 */
export const REQUIRED_CRDS_BY_PHASE: Readonly<
  Record<PhaseId, { required: readonly string[]; optional: readonly string[] }>
> = {
  namespace: { required: [], optional: [] },
  secrets: { required: [], optional: [] },
  'data-infrastructure': { required: [], optional: [] },
  'control-plane': { required: [], optional: [] },
  'data-plane': { required: [], optional: [] },
  ingress: { required: [CERTIFICATES_CRD, DNS_ENDPOINTS_CRD], optional: [] },
  observability: { required: [], optional: [SERVICE_MONITORS_CRD] },
  validation: { required: [], optional: [] },
};
