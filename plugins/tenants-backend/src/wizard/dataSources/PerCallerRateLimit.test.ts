import { PerCallerRateLimit, TooManyRequestsError } from './PerCallerRateLimit';

describe('PerCallerRateLimit', () => {
  let now = 0;
  const limit = new PerCallerRateLimit({
    limit: 2,
    windowMs: 60_000,
    what: 'connection tests',
    now: () => now,
  });

  it('lets each caller make `limit` requests per window, then says when to retry', () => {
    now = 1_000;
    limit.take('user:default/ada');
    now = 21_000;
    limit.take('user:default/ada');
    limit.take('user:default/bo'); // another caller has a budget of their own

    now = 30_500;
    let error: unknown;
    try {
      limit.take('user:default/ada');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({
      statusCode: 429,
      retryAfterSeconds: 31, // the first request leaves the window at 61 s
      message:
        'Too many connection tests: at most 2 per 60 s; try again in 31 s',
    });

    now = 61_001;
    expect(() => limit.take('user:default/ada')).not.toThrow();
    expect(() => limit.take('user:default/ada')).toThrow(TooManyRequestsError);
  });
});
