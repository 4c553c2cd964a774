/**
 * Tells once that the API server was lost and once that it answers again,
 * although every watch of the wait loses and regains it: the kinds' watches
 * report together.
 */
export function connectionNotices(onInfo?: (message: string) => void) {
  let lost = false;
  return {
    /** Whether the API server is lost right now. */
    isLost: () => lost,
    onConnectionLost: (reason: string) => {
      if (lost) return;
      lost = true;
      onInfo?.(
        `Lost the connection to the cluster's API server (${reason}); watching again as soon as it answers, until the readiness deadline`,
      );
    },
    onReconnected: (downForMs: number) => {
      if (!lost) return;
      lost = false;
      onInfo?.(
        `The cluster's API server answers again after ${Math.round(
          downForMs / 1000,
        )}s; watching the workloads again`,
      );
    },
  };
}
