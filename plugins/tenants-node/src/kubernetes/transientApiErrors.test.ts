import { transientApiErrorReason } from './transientApiErrors';

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
