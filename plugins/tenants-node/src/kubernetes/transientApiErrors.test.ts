import { retryTransient, transientApiErrorReason } from './transientApiErrors';

describe('transientApiErrorReason', () => {
  it('names the cause of a request that got no answer', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), {
        code: 'ECONNREFUSED',
      }),
    });
    expect(transientApiErrorReason(refused)).toBe(
      'connect ECONNREFUSED 127.0.0.1:6443',
    );
    expect(transientApiErrorReason(new TypeError('fetch failed'))).toBe(
      'no connection',
    );
    const reset = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
    });
    expect(transientApiErrorReason(reset)).toBe('socket hang up');
  });

  it('treats overload and unavailability answers as transient', () => {
    for (const code of [429, 502, 503, 504]) {
      expect(transientApiErrorReason({ code, body: '' })).toBe(`HTTP ${code}`);
    }
  });

  it('leaves refusals, missing objects and programming errors alone', () => {
    for (const code of [400, 401, 403, 404, 409, 410, 422, 500]) {
      expect(transientApiErrorReason({ code, body: '' })).toBeUndefined();
    }
    expect(transientApiErrorReason(new Error('boom'))).toBeUndefined();
    expect(
      transientApiErrorReason(Object.assign(new Error('x'), { code: 'EPERM' })),
    ).toBeUndefined();
    expect(transientApiErrorReason(undefined)).toBeUndefined();
  });
});

describe('retryTransient', () => {
  const refused = () =>
    new TypeError('fetch failed', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:6443'),
    });

  it('sends the request again until the API server answers, telling the first loss once', async () => {
    const lost: string[] = [];
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls++;
        if (calls < 3) throw refused();
        return 'applied';
      },
      { timeoutMs: 10_000, onConnectionLost: reason => lost.push(reason) },
    );
    expect(result).toBe('applied');
    expect(calls).toBe(3);
    expect(lost).toEqual(['connect ECONNREFUSED 127.0.0.1:6443']);
  });

  it('fails with the last error once the timeout would pass', async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw refused();
        },
        { timeoutMs: 600 },
      ),
    ).rejects.toThrow('fetch failed');
    expect(calls).toBe(2); // at 0 and 250 ms; the next pause would end after 600 ms
  });

  it('fails at once on a refusal', async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw Object.assign(new Error('forbidden'), { code: 403 });
        },
        { timeoutMs: 10_000 },
      ),
    ).rejects.toThrow('forbidden');
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const retrying = retryTransient(
      async () => {
        throw refused();
      },
      {
        timeoutMs: 10_000,
        signal: controller.signal,
        onConnectionLost: () => controller.abort(new Error('task cancelled')),
      },
    );
    await expect(retrying).rejects.toThrow('task cancelled');
  });
});
