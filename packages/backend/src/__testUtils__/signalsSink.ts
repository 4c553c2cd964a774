import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  signalsServiceRef,
  type SignalsService,
} from '@backstage/plugin-signals-node';

export type Signal = Parameters<SignalsService['publish']>[0];

/** The signals service of a test backend: keeps what is published. */
export interface SignalsSink {
  factory: ReturnType<typeof createServiceFactory>;
  /** Every signal published since the start or the last `clear()`. */
  signals: Signal[];
  /** Resolves with the message of the first signal (past or future) matching `predicate`. */
  waitFor(
    predicate: (message: any) => boolean,
    timeoutMs?: number,
  ): Promise<any>;
  clear(): void;
}

export function createSignalsSink(): SignalsSink {
  const signals: Signal[] = [];
  const waiters: Array<() => boolean> = [];

  return {
    signals,
    factory: createServiceFactory({
      service: signalsServiceRef,
      deps: {},
      factory: () => ({
        async publish(message: Signal) {
          signals.push(message);
          for (const waiter of [...waiters]) {
            if (waiter()) waiters.splice(waiters.indexOf(waiter), 1);
          }
        },
      }),
    }),
    waitFor(predicate, timeoutMs = 180_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('No matching tenant signal was published')),
          timeoutMs,
        );
        const check = () => {
          const found = signals.find(s => predicate(s.message));
          if (!found) return false;
          clearTimeout(timer);
          resolve(found.message);
          return true;
        };
        if (!check()) waiters.push(check);
      });
    },
    clear() {
      signals.length = 0;
    },
  };
}
