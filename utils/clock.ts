/**
 * Time, injectable. Real code uses `systemClock`; tests and benchmarks use a `SimulatedClock`
 * shared by the client and the test server, so a 30-minute rate-limit window passes in
 * milliseconds while every wait is still honoured in simulated time.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms` (real or simulated); rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Simulated time: `sleep(ms)` moves the clock forward to the sleeper's wake-up time at once.
 * Time never goes backwards, so concurrent sleepers see a consistent, monotonic clock.
 */
export class SimulatedClock implements Clock {
  private current: number;
  constructor(start: number | Date = Date.UTC(2026, 0, 15, 12, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += Math.max(0, ms);
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const wake = this.current + Math.max(0, ms);
    await Promise.resolve();
    if (signal?.aborted) throw signal.reason;
    this.current = Math.max(this.current, wake);
  }
}
