import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  applyObjects,
  FIELD_MANAGER,
  type AppliedObject,
  type KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';

/** e.g. `3 created, 1 configured, 2 unchanged` */
export function summarizeApplied(applied: AppliedObject[]): string {
  const counts = new Map<string, number>();
  for (const a of applied) {
    counts.set(a.outcome, (counts.get(a.outcome) ?? 0) + 1);
  }
  if (counts.size === 0) return 'no objects';
  return (['created', 'configured', 'unchanged'] as const)
    .filter(o => counts.has(o))
    .map(o => `${counts.get(o)} ${o}`)
    .join(', ');
}

/** What the task log says when applying loses the API server (it is retried). */
export const connectionLostWhileApplying = (reason: string) =>
  `Lost the connection to the cluster's API server while applying (${reason}); sending the requests again for up to 30s`;

/**
 * Applies a phase's objects with the platform's field manager, each outcome a
 * task-log line, and a warning whenever the API server is lost meanwhile.
 */
export function applyWithTaskLog(
  kubeConfig: KubeConfig,
  objects: Parameters<typeof applyObjects>[1],
  logger: Pick<LoggerService, 'info' | 'warn'>,
  signal?: AbortSignal,
): Promise<AppliedObject[]> {
  return applyObjects(kubeConfig, objects, {
    fieldManager: FIELD_MANAGER,
    signal,
    onApplied: a => logger.info(`${a.ref} ${a.outcome}`),
    onConnectionLost: reason =>
      logger.warn(connectionLostWhileApplying(reason)),
  });
}
