/*
 * An open-loop load generator for scripts/bench/apiLatency.mjs: sends GET
 * requests at evenly spaced times (one every 1000/rate ms), whether or not the
 * earlier ones were answered, the way independent users arrive; a closed loop
 * (each connection sending its next request when the last is answered) would
 * instead measure the server at saturation. At most `connections` requests
 * are in flight on kept-alive connections; a request due while all are busy
 * waits for one. Every latency is measured from the time the request was
 * issued, so waiting for a connection counts against the server (no
 * coordinated omission); the generator's own lateness (its event loop held up
 * by its garbage collection, say) is not the server's, and is reported apart.
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** The value at quantile q (0..1) of ascending values, nearest rank. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function get(agent, base, path, headers, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base),
      { agent, headers, timeout: timeoutMs },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => {
      const error = new Error('timeout');
      error.code = 'TIMEOUT';
      req.destroy(error);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends `rate` requests per second for `seconds` to `path()` (called for each
 * request) and answers the achieved rate (answers per second over the time
 * from the first request to the last answer), latency quantiles in ms, the
 * counts of 2xx answers, other answers, errors and timeouts, and how late the
 * generator issued its latest request.
 */
export async function openLoad({
  base,
  path,
  headers = {},
  rate,
  seconds,
  connections = 10,
  timeoutMs = 10_000,
}) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latencies = [];
  const counts = { ok: 0, non2xx: 0, errors: 0, timeouts: 0 };
  const sent = [];
  let maxLateMs = 0;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const ahead = due - performance.now();
    if (ahead > 1) await sleep(ahead);
    const issued = performance.now();
    maxLateMs = Math.max(maxLateMs, issued - due);
    sent.push(
      get(agent, base, path(), headers, timeoutMs).then(
        status => {
          latencies.push(performance.now() - issued);
          if (status >= 200 && status < 300) counts.ok++;
          else counts.non2xx++;
        },
        error => {
          if (error.code === 'TIMEOUT') counts.timeouts++;
          else counts.errors++;
        },
      ),
    );
  }
  await Promise.all(sent);
  const elapsedS = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    achievedRate: latencies.length / Math.max(elapsedS, seconds),
    p50: quantile(latencies, 0.5),
    p90: quantile(latencies, 0.9),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    maxLateMs,
    ...counts,
  };
}
