/**
 * The ONE polling loop of the provider: job polling in the client and every wait of the resources run on
 * it, with time from the injected Runtime (a manual clock in tests). `poll` reads until `done`, with a
 * backing-off interval, progress callbacks, an early stop (`abortIf`) and optional riding out of transient
 * read errors; at its deadline it throws EternusTimeoutError with the last state seen.
 */
import { EternusTimeoutError } from "./errors";
import { Runtime, defaultRuntime, throwIfAborted } from "./runtime";

export interface PollOptions<T> {
  runtime: Runtime;
  /** Absolute deadline on the runtime's clock. */
  deadlineAt: number;
  /** Aborting it ends the wait: with EternusAbortError, or a timeout when `abortIsTimeout`. */
  signal?: AbortSignal;
  abortIsTimeout?: boolean;
  what: string;
  firstIntervalMs: number;
  maxIntervalMs?: number;
  /** Multiplier per probe (1 = fixed interval). */
  backoff?: number;
  /** Sleep this long before the first read (default 0: read at once). */
  firstReadInMs?: number;
  /** With onProgress: call it at least this often (and when progressKey changes); sleeps never pass it. */
  progressEveryMs?: number;
  onProgress?: (value: T, elapsedMs: number) => void;
  progressKey?: (value: T) => string;
  /** Throw this instead of waiting on (e.g. the session turned Error). */
  abortIf?: (value: T) => Error | undefined;
  /**
   * When the next read is worth making, from the last value (e.g. when a copy is expected to end); the
   * backing-off interval is used when it says nothing. Progress lines and the deadline still cut it.
   */
  nextReadInMs?: (value: T) => number | undefined;
  /** Read errors to ride out until the deadline (default: none). */
  rideOut?: (e: unknown) => boolean;
  describeState?: (state: unknown) => string;
}

export async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, o: PollOptions<T>): Promise<T> {
  const rt = o.runtime;
  const start = rt.now();
  let interval = Math.max(0, o.firstIntervalMs);
  let last: T | undefined;
  let lastPrinted = start;
  let lastKey: string | undefined;
  const timeout = () => new EternusTimeoutError(o.what, rt.now() - start, last, o.describeState);
  const ended = () => (o.signal?.aborted ?? false) || rt.now() >= o.deadlineAt;
  if (o.firstReadInMs && o.firstReadInMs > 0) {
    try {
      await rt.sleep(Math.max(1, Math.min(o.firstReadInMs, o.deadlineAt - rt.now())), o.signal);
    } catch (e) {
      if (o.abortIsTimeout) throw timeout();
      throw e;
    }
  }
  for (;;) {
    if (o.abortIsTimeout && ended()) throw timeout();
    throwIfAborted(o.signal, `waiting for ${o.what}`);
    let fresh = false;
    try {
      last = await read();
      fresh = true;
    } catch (e) {
      if (o.abortIsTimeout && ended()) throw timeout();
      if (!o.rideOut?.(e)) throw e;
      rt.log(`[eternus] waiting for ${o.what}: ${(e as Error).message}; trying again`);
    }
    if (fresh) {
      const value = last as T;
      const stop = o.abortIf?.(value);
      if (stop) throw stop;
      if (done(value)) return value;
      const key = o.progressKey?.(value);
      const every = o.progressEveryMs ?? 0;
      if (o.onProgress && (rt.now() - lastPrinted >= every || (key !== undefined && key !== lastKey))) {
        o.onProgress(value, rt.now() - start);
        lastPrinted = rt.now();
      }
      lastKey = key;
    }
    if (rt.now() >= o.deadlineAt) throw timeout();
    const untilProgress = o.progressEveryMs ? Math.max(50, o.progressEveryMs - (rt.now() - lastPrinted)) : Number.POSITIVE_INFINITY;
    const planned = fresh ? o.nextReadInMs?.(last as T) : undefined;
    const step = planned !== undefined ? Math.max(interval, planned) : interval;
    try {
      await rt.sleep(Math.max(1, Math.min(step, untilProgress, o.deadlineAt - rt.now())), o.signal);
    } catch (e) {
      if (o.abortIsTimeout) throw timeout();
      throw e;
    }
    interval = Math.min(o.maxIntervalMs ?? Number.POSITIVE_INFINITY, interval * (o.backoff ?? 1));
  }
}

export type WaitProbe<T> = boolean | { done: boolean; state?: T };

/** The client's form (job polling): a probe that says done and carries the state, a relative timeout. */
export interface WaitOptions<T> {
  timeoutMs: number;
  /** First interval between probes. Default 1000. */
  intervalMs?: number;
  /** Sleep before the first probe (default 0). */
  firstProbeInMs?: number;
  backoff?: number;
  maxIntervalMs?: number;
  signal?: AbortSignal;
  onProgress?: (state: T | undefined, elapsedMs: number) => void;
  what?: string;
  describeState?: (state: unknown) => string;
  runtime?: Partial<Runtime>;
}

export async function waitFor<T>(pred: () => Promise<WaitProbe<T>>, o: WaitOptions<T>): Promise<T | undefined> {
  const runtime = defaultRuntime(o.runtime);
  const r = await poll(async () => {
    const p = await pred();
    return typeof p === "boolean" ? { done: p, state: undefined as T | undefined } : { done: p.done, state: p.state };
  }, (x) => x.done, {
    runtime, deadlineAt: runtime.now() + o.timeoutMs, signal: o.signal, what: o.what ?? "a condition",
    firstIntervalMs: o.intervalMs ?? 1000, maxIntervalMs: o.maxIntervalMs, backoff: o.backoff, firstReadInMs: o.firstProbeInMs,
    onProgress: o.onProgress ? (x, elapsed) => o.onProgress!(x.state, elapsed) : undefined,
    describeState: o.describeState ? (x) => o.describeState!((x as { state?: unknown })?.state ?? x) : undefined,
  });
  return r.state;
}
