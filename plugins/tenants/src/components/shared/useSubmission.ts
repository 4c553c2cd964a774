import { useCallback, useState } from 'react';
import { describeError } from '../../shared/errors';

/**
 * The busy flag and error of a button or dialog that calls the Tenant
 * Service: `submit` runs the call, and a refusal becomes the service's own
 * message.
 */
export function useSubmission() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, submit, clearError };
}
