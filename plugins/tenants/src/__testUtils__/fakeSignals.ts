import { act } from '@testing-library/react';
import type { SignalApi } from '@backstage/plugin-signals-react';

/** A signals API whose channels the test publishes on. */
export function fakeSignals() {
  const listeners = new Map<string, Array<(message: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), onMessage]);
      return {
        unsubscribe: () =>
          listeners.set(
            channel,
            (listeners.get(channel) ?? []).filter(l => l !== onMessage),
          ),
      };
    },
  };
  const publish = (channel: string, message: any) =>
    act(() => (listeners.get(channel) ?? []).forEach(l => l(message)));
  return { api, publish, listeners };
}
