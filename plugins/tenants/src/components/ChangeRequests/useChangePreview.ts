import { useCallback, useEffect, useState } from 'react';
import type { ChangePreview } from '@tenant-platform/backstage-plugin-tenants-common';
import { describeError } from '../../shared/errors';

/**
 * A change preview loaded on demand (`load`) and forgotten when `key` (what
 * is previewed) changes, so a stale preview is never shown.
 */
export function useChangePreview(
  key: string,
  fetchPreview: () => Promise<ChangePreview>,
) {
  const [preview, setPreview] = useState<ChangePreview>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    setPreview(undefined);
    setError(undefined);
  }, [key]);

  const load = useCallback(async () => {
    setLoading(true);
    setError(undefined);
    try {
      setPreview(await fetchPreview());
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoading(false);
    }
  }, [fetchPreview]);

  return { preview, loading, error, load };
}
