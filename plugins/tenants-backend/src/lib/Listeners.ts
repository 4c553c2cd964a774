import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Listeners of committed changes. Each is called once the change is
 * committed; a listener that fails is logged, never thrown to the caller.
 */
export class Listeners<E> {
  private readonly listeners: Array<(event: E) => Promise<void>> = [];

  constructor(
    /** The warning logged when a listener fails for `event`. */
    private readonly describeFailure: (event: E) => string,
    private readonly logger?: LoggerService,
  ) {}

  add(listener: (event: E) => Promise<void>): void {
    this.listeners.push(listener);
  }

  async emit(event: E): Promise<void> {
    await Promise.all(
      this.listeners.map(async listener => {
        try {
          await listener(event);
        } catch (error) {
          this.logger?.warn(this.describeFailure(event), error as Error);
        }
      }),
    );
  }
}
