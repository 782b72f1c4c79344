/**
 * Bounded waits for the resources, on the provider's runtime (its clock and sleep): deadlines, polling with
 * progress lines, and a short probe for the first call to an array that may be gone.
 */
import { EternusError, EternusTimeoutError, isOutcomeUnknown } from "../../client/errors";
import type { Runtime } from "../../client/runtime";
import type { WaitPolicy } from "./runtime";

/** The bound of one resource operation: an absolute time on the runtime's clock and a signal for requests. */
export interface Deadline {
  readonly at: number;
  readonly signal: AbortSignal;
}

export function deadline(rt: Runtime, seconds: number, parent?: Deadline): Deadline {
  const ms = Math.max(1, Math.round(seconds * 1000));
  const own = rt.timeout(ms);
  const at = rt.now() + ms;
  return parent ? { at: Math.min(at, parent.at), signal: AbortSignal.any([own, parent.signal]) } : { at, signal: own };
}

/** `d` cut to the reachability probe: for the first call to a possibly dead array. */
export function probe(rt: Runtime, policy: WaitPolicy, d: Deadline): Deadline {
  return deadline(rt, policy.reachabilityProbeMs / 1000, d);
}

/** Failures a wait rides out until its own deadline: the array is busy or the network hiccuped. */
export function isTransient(e: unknown): boolean {
  if (isOutcomeUnknown(e)) return true;
  return e instanceof EternusError && ["ERR_BUSY", "ERR_CONNECTION", "ERR_REQUEST_TIMEOUT"].includes(e.code);
}

export interface WaitOptions<T> {
  rt: Runtime;
  policy: WaitPolicy;
  deadline: Deadline;
  /** What is awaited, for messages: "Equivalent", "the suspend to complete". */
  what: string;
  /** Called at most every policy.progressEveryMs, and when `progressKey` changes. */
  onProgress?: (value: T, elapsedMs: number) => void;
  progressKey?: (value: T) => string;
  /** Throw this instead of waiting on (e.g. the session turned Error). */
  abortIf?: (value: T) => Error | undefined;
}

/**
 * Poll `read` until `done`; EternusTimeoutError (with the last state) at the deadline. Transient read
 * errors (503, connection, lost response) are ridden out until the deadline; others propagate.
 */
export async function waitFor<T>(read: (signal: AbortSignal) => Promise<T>, done: (value: T) => boolean, o: WaitOptions<T>): Promise<T> {
  const { rt, policy } = o;
  const start = rt.now();
  let interval = policy.firstIntervalMs;
  let last: T | undefined;
  let lastPrinted = start;
  let lastKey: string | undefined;
  for (;;) {
    if (rt.now() >= o.deadline.at || o.deadline.signal.aborted) throw new EternusTimeoutError(o.what, rt.now() - start, last);
    let fresh = false;
    try {
      last = await read(o.deadline.signal);
      fresh = true;
    } catch (e) {
      if (o.deadline.signal.aborted || rt.now() >= o.deadline.at) throw new EternusTimeoutError(o.what, rt.now() - start, last);
      if (!isTransient(e)) throw e;
      rt.log(`[eternus] waiting for ${o.what}: ${(e as Error).message}; trying again`);
    }
    if (fresh) {
      const value = last as T;
      const stop = o.abortIf?.(value);
      if (stop) throw stop;
      if (done(value)) return value;
      const now = rt.now();
      const key = o.progressKey?.(value);
      if (o.onProgress && (now - lastPrinted >= policy.progressEveryMs || (key !== undefined && key !== lastKey))) {
        o.onProgress(value, now - start);
        lastPrinted = now;
      }
      lastKey = key;
    }
    // Never sleep past the next progress line or the deadline.
    const untilProgress = Math.max(50, policy.progressEveryMs - (rt.now() - lastPrinted));
    const untilDeadline = Math.max(1, o.deadline.at - rt.now());
    try {
      await rt.sleep(Math.min(interval, untilProgress, untilDeadline), o.deadline.signal);
    } catch {
      throw new EternusTimeoutError(o.what, rt.now() - start, last);
    }
    interval = Math.min(policy.maxIntervalMs, Math.round(interval * 1.5));
  }
}

/** Run `fn`; an abort of the deadline becomes a clear timeout error naming `what`. */
export async function withDeadline<T>(rt: Runtime, d: Deadline, what: string, fn: () => Promise<T>): Promise<T> {
  const start = rt.now();
  try {
    return await fn();
  } catch (e) {
    if ((d.signal.aborted || rt.now() >= d.at) && !(e instanceof EternusTimeoutError)) throw new EternusTimeoutError(what, rt.now() - start, undefined);
    throw e;
  }
}
