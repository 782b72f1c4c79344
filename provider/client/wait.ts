/**
 * The ONE polling loop of the provider, with ONE options type: job polling in the client and every wait of
 * the resources (resources/common/operation.ts `op.waitFor`) run on it, with time from the injected Runtime
 * (a manual clock in tests). `waitFor` reads until `done`, with a backing-off interval, progress lines, an
 * early stop (`abortIf`) and optional riding out of transient read errors; at its deadline it throws
 * EternusTimeoutError with the last value seen.
 */
import { cancelledBy, EternusCancelledError, EternusError, EternusTimeoutError, isOutcomeUnknown } from "./errors";
import { Runtime, throwIfAborted } from "./runtime";

export interface WaitOptions<T> {
  runtime: Runtime;
  /** Absolute deadline on the runtime's clock. */
  deadlineAt: number;
  /**
   * Given to every read; aborting it ends the wait: with EternusAbortError, or a timeout when `abortIsTimeout`;
   * the engine's Cancel (resources/common/cancellation.ts) always ends it with EternusCancelledError.
   */
  signal?: AbortSignal;
  abortIsTimeout?: boolean;
  /** What is awaited, for messages: "Equivalent", "job 42 of PATCH ...". */
  what: string;
  firstIntervalMs: number;
  maxIntervalMs?: number;
  /** Multiplier per read (1 = fixed interval). */
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
  /**
   * Ride out transient read errors (isTransient: 503, connection, lost response) until the deadline; an
   * array that does not answer at all (connection, timeout) only for `silentForMs` in a row.
   */
  rideOutTransient?: { silentForMs: number };
  describeState?: (state: unknown) => string;
}

/** Failures a wait rides out: the array is busy or the network hiccuped. */
export function isTransient(e: unknown): boolean {
  if (isOutcomeUnknown(e)) return true;
  return e instanceof EternusError && ["ERR_BUSY", "ERR_CONNECTION", "ERR_REQUEST_TIMEOUT"].includes(e.code);
}

/** No answer at all (refused, reset, timed out), as opposed to an answer that says "busy". */
function isSilent(e: unknown): boolean {
  return e instanceof EternusError && ["ERR_CONNECTION", "ERR_REQUEST_TIMEOUT"].includes(e.code);
}

export async function waitFor<T>(read: (signal?: AbortSignal) => Promise<T>, done: (value: T) => boolean, o: WaitOptions<T>): Promise<T> {
  const rt = o.runtime;
  const start = rt.now();
  let interval = Math.max(0, o.firstIntervalMs);
  let last: T | undefined;
  let lastPrinted = start;
  let lastKey: string | undefined;
  let silentSince: number | undefined;
  const timeout = () => (cancelledBy(o.signal) ? new EternusCancelledError(`waiting for ${o.what}`) : new EternusTimeoutError(o.what, rt.now() - start, last, o.describeState));
  const ended = () => (o.signal?.aborted ?? false) || rt.now() >= o.deadlineAt;
  const rideOut = (e: unknown): boolean => {
    if (!o.rideOutTransient || !isTransient(e)) return false;
    if (!isSilent(e)) return true;
    silentSince ??= rt.now();
    return rt.now() - silentSince < o.rideOutTransient.silentForMs;
  };
  const sleep = async (ms: number) => {
    try {
      await rt.sleep(Math.max(1, Math.min(ms, o.deadlineAt - rt.now())), o.signal);
    } catch (e) {
      if (o.abortIsTimeout) throw timeout();
      throw e;
    }
  };
  if (o.firstReadInMs && o.firstReadInMs > 0) await sleep(o.firstReadInMs);
  for (;;) {
    if (o.abortIsTimeout && ended()) throw timeout();
    throwIfAborted(o.signal, `waiting for ${o.what}`);
    let fresh = false;
    try {
      last = await read(o.signal);
      fresh = true;
      silentSince = undefined;
    } catch (e) {
      if (o.abortIsTimeout && ended()) throw timeout();
      if (!rideOut(e)) throw e;
      rt.log(`[eternus] waiting for ${o.what}: ${(e as Error).message}; trying again`);
    }
    if (fresh) {
      const value = last as T;
      const stop = o.abortIf?.(value);
      if (stop) throw stop;
      if (done(value)) return value;
      const key = o.progressKey?.(value);
      if (o.onProgress && (rt.now() - lastPrinted >= (o.progressEveryMs ?? 0) || (key !== undefined && key !== lastKey))) {
        o.onProgress(value, rt.now() - start);
        lastPrinted = rt.now();
      }
      lastKey = key;
    }
    if (rt.now() >= o.deadlineAt) throw timeout();
    const untilProgress = o.progressEveryMs ? Math.max(50, o.progressEveryMs - (rt.now() - lastPrinted)) : Number.POSITIVE_INFINITY;
    const planned = fresh ? o.nextReadInMs?.(last as T) : undefined;
    await sleep(Math.min(planned !== undefined ? Math.max(interval, planned) : interval, untilProgress));
    interval = Math.min(o.maxIntervalMs ?? Number.POSITIVE_INFINITY, interval * (o.backoff ?? 1));
  }
}
