/**
 * Bounded waits with progress, deadlines as AbortSignals, and the partial-failure error the plugin host
 * turns into ErrorResourceInitFailed (shared/docs/pulumi-dynamic-providers.md rules 8 and 9).
 */

/** Tunable by tests only (this module is loaded at call time, never serialized). */
export const timing = {
  /** First poll interval; grows by 1.5x up to maxIntervalMs. */
  firstIntervalMs: 200,
  maxIntervalMs: 2000,
  /** A progress line at least this often during long waits (the issue: at least every 10 s). */
  progressEveryMs: 10_000,
  /** How long delete waits for the peer view on the remote array to disappear before treating it as a leftover. */
  peerGoneGraceMs: 10_000,
  /**
   * Bound of the FIRST call to an array on destructive paths (delete): an unreachable array (the client
   * retries connection errors) is declared unreachable after this, not after the whole timeoutSeconds.
   */
  reachabilityProbeMs: 120_000,
};

/** The deadline `signal`, cut to timing.reachabilityProbeMs: for the first call to a possibly dead array. */
export function probeSignal(signal: AbortSignal): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timing.reachabilityProbeMs)]);
}

export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
  constructor(message: string, readonly waitedMs: number, readonly lastState: unknown) {
    super(message);
  }
}

/**
 * An error carrying `id` (and the outputs so far in `properties`, including `__provider`): the plugin host
 * sends ErrorResourceInitFailed and the engine records the resource instead of leaking it.
 */
export class PartialFailureError extends Error {
  override name = "PartialFailureError";
  constructor(message: string, readonly id: string, readonly properties: Record<string, unknown>, readonly reasons: string[]) {
    super(message);
  }
}

/** A deadline signal; `parent` (if any) aborts it too. */
export function deadline(seconds: number, parent?: AbortSignal): AbortSignal {
  const own = AbortSignal.timeout(Math.max(1, Math.round(seconds * 1000)));
  return parent ? AbortSignal.any([own, parent]) : own;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface WaitOptions<T> {
  signal: AbortSignal;
  /** What is awaited, for messages: "Equivalent", "suspend to complete". */
  what: string;
  /** Called at most every timing.progressEveryMs (and when `progressKey` changes). */
  onProgress?: (value: T, elapsedMs: number) => void;
  /** A short string of the state; a change triggers a progress line immediately. */
  progressKey?: (value: T) => string;
  /** Throw this error instead of waiting on (e.g. the session turned Error). */
  abortIf?: (value: T) => Error | undefined;
}

/**
 * Poll `read` until `done`. Throws WaitTimeoutError (with the last state) when the signal aborts: the signal
 * carries the resource's deadline. Errors from `read` propagate unless the deadline has passed.
 */
export async function waitFor<T>(read: (signal: AbortSignal) => Promise<T>, done: (value: T) => boolean, o: WaitOptions<T>): Promise<T> {
  const start = Date.now();
  let interval = timing.firstIntervalMs;
  let last: T | undefined;
  let lastPrinted = start;
  let lastKey: string | undefined;
  for (;;) {
    try {
      last = await read(o.signal);
    } catch (e) {
      if (o.signal.aborted) throw timeoutError(o.what, start, last);
      throw e;
    }
    const stop = o.abortIf?.(last);
    if (stop) throw stop;
    if (done(last)) return last;
    const now = Date.now();
    const key = o.progressKey?.(last);
    if (o.onProgress && (now - lastPrinted >= timing.progressEveryMs || (key !== undefined && key !== lastKey))) {
      o.onProgress(last, now - start);
      lastPrinted = now;
    }
    lastKey = key;
    // Never sleep past the next progress line.
    const untilProgress = Math.max(50, timing.progressEveryMs - (Date.now() - lastPrinted));
    try {
      await sleep(Math.min(interval, untilProgress), o.signal);
    } catch {
      throw timeoutError(o.what, start, last);
    }
    interval = Math.min(timing.maxIntervalMs, Math.round(interval * 1.5));
  }
}

function timeoutError(what: string, start: number, last: unknown): WaitTimeoutError {
  const waited = Date.now() - start;
  return new WaitTimeoutError(`timed out after ${Math.round(waited / 1000)} s waiting for ${what}`, waited, last);
}

/** Run `fn` and map an abort of `signal` to a clear timeout error. */
export async function withDeadline<T>(signal: AbortSignal, what: string, fn: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await fn();
  } catch (e) {
    if (signal.aborted && !(e instanceof WaitTimeoutError)) throw timeoutError(what, start, undefined);
    throw e;
  }
}

/** JSON-plain copy: no undefined (even nested), no Dates/Buffers (rule 7). */
export function jsonPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
