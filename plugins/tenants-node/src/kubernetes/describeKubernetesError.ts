interface ApiErrorLike {
  code?: number;
  body?: unknown;
  message?: string;
}

function statusMessage(error: unknown): string | undefined {
  const body = (error as ApiErrorLike)?.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body).message;
    } catch {
      return body.trim();
    }
  }
  return (body as { message?: string } | undefined)?.message;
}

/**
 * True when the API server does not serve the kind at all: discovery found no
 * such kind, or the whole API group answers with a plain 404 page.
 */
export function isKindNotServed(error: unknown): boolean {
  const e = error as ApiErrorLike;
  return (
    /^Unrecognized API version and kind/.test(e?.message ?? '') ||
    (e?.code === 404 && statusMessage(error) === '404 page not found')
  );
}

/** True when the API server answered that the object does not exist. */
export function isNotFound(error: unknown): boolean {
  return (error as ApiErrorLike)?.code === 404 && !isKindNotServed(error);
}

/**
 * Turns an error from the Kubernetes API into a sentence a person can act on,
 * naming the object (and for unserved kinds, the kind) it concerns.
 */
export function describeKubernetesError(
  error: unknown,
  subject: string,
  kind?: { apiVersion: string; kind: string },
): string {
  if (isKindNotServed(error)) {
    const what = kind ? `${kind.kind} (${kind.apiVersion})` : 'this kind';
    return `${subject}: the cluster does not serve ${what}; install the CustomResourceDefinition that provides it`;
  }
  const e = error as ApiErrorLike;
  const message = statusMessage(error) ?? e?.message ?? String(error);
  return `${subject}: ${message}${e?.code ? ` (HTTP ${e.code})` : ''}`;
}
