/**
 * Bounded waits: `waitFor(pred, {timeoutMs, intervalMs, signal, onProgress})` polls until `pred` says done
 * and throws EternusTimeoutError with the last state seen otherwise. Interval may back off
 * (`backoff`, `maxIntervalMs`). Time comes from the injected runtime.
 */
import { EternusTimeoutError } from "./errors";
import { Runtime, defaultRuntime, throwIfAborted } from "./runtime";

export type WaitProbe<T> = boolean | { done: boolean; state?: T };

export interface WaitOptions<T> {
  timeoutMs: number;
  /** First interval between probes. Default 1000. */
  intervalMs?: number;
  /** Multiplier per probe (default 1 = fixed interval). */
  backoff?: number;
  /** Cap when backing off. */
  maxIntervalMs?: number;
  signal?: AbortSignal;
  onProgress?: (state: T | undefined, elapsedMs: number) => void;
  /** What is awaited, for the timeout message. */
  what?: string;
  describeState?: (state: unknown) => string;
  runtime?: Partial<Runtime>;
}

export async function waitFor<T>(pred: () => Promise<WaitProbe<T>>, o: WaitOptions<T>): Promise<T | undefined> {
  const rt = defaultRuntime(o.runtime);
  const start = rt.now();
  let interval = Math.max(0, o.intervalMs ?? 1000);
  let last: T | undefined;
  for (;;) {
    throwIfAborted(o.signal, `waiting for ${o.what ?? "a condition"}`);
    const r = await pred();
    const done = typeof r === "boolean" ? r : r.done;
    if (typeof r !== "boolean" && "state" in r) last = r.state;
    const elapsed = rt.now() - start;
    if (done) return last;
    o.onProgress?.(last, elapsed);
    if (elapsed >= o.timeoutMs) throw new EternusTimeoutError(o.what ?? "a condition", elapsed, last, o.describeState);
    await rt.sleep(Math.min(interval, o.timeoutMs - elapsed), o.signal);
    interval = Math.min(o.maxIntervalMs ?? Number.POSITIVE_INFINITY, interval * (o.backoff ?? 1));
  }
}
