import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What people type into the search box, letter by letter. */
export const SCALE_QUERIES = ['retry budget', 'idempotency key', 'tenant isolation', 'deadline propagation', 'skip locked', 'circuit breaker', 'outbox', 'decode jwt'];

/**
 * The longest stretch this thread could not run a timer while `work` was in flight: sampled
 * with a 1 ms interval timer, plus Node's own event-loop delay histogram as a cross-check.
 */
export async function blocking<T>(work: () => Promise<T>): Promise<{ result: T; maxBlockedMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  const result = await work();
  clearInterval(timer);
  histogram.disable();
  return { result, maxBlockedMs: Math.max(worst, histogram.max / 1e6) };
}
