/**
 * Bounded waits for the resources, on the provider's runtime (its clock and sleep): deadlines, polling with
 * progress lines, and a short probe for the first call to an array that may be gone.
 */
import { EternusError, EternusTimeoutError, isOutcomeUnknown } from "../../client/errors";
import type { Runtime } from "../../client/runtime";
import { poll } from "../../client/wait";
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
  /** When the next read is worth making (e.g. the expected end of a copy). */
  nextReadInMs?: (value: T) => number | undefined;
  /** The sleep between reads (default the runtime's): a shared tick lets waits on one array read together. */
  sleep?: Runtime["sleep"];
}

/**
 * Poll `read` until `done` (provider/client/wait.ts does the loop); EternusTimeoutError with the last state
 * at the deadline. Transient read errors (503, connection, lost response) are ridden out until then.
 */
export function waitFor<T>(read: (signal: AbortSignal) => Promise<T>, done: (value: T) => boolean, o: WaitOptions<T>): Promise<T> {
  // A busy array is ridden out until the deadline; an array that does not answer at all only for the
  // reachability bound (a lost site must not hold the operation for its whole timeout).
  let silentSince: number | undefined;
  const rideOut = (e: unknown) => {
    if (!isTransient(e)) return false;
    if (!isSilent(e)) return true;
    silentSince ??= o.rt.now();
    return o.rt.now() - silentSince < o.policy.reachabilityProbeMs;
  };
  return poll(async () => {
    const v = await read(o.deadline.signal);
    silentSince = undefined;
    return v;
  }, done, {
    runtime: o.sleep ? { ...o.rt, sleep: o.sleep } : o.rt, deadlineAt: o.deadline.at, signal: o.deadline.signal, abortIsTimeout: true, what: o.what,
    firstIntervalMs: o.policy.firstIntervalMs, maxIntervalMs: o.policy.maxIntervalMs, backoff: 1.5,
    progressEveryMs: o.policy.progressEveryMs, onProgress: o.onProgress, progressKey: o.progressKey, abortIf: o.abortIf,
    nextReadInMs: o.nextReadInMs, rideOut,
  });
}

/** No answer at all (refused, reset, timed out), as opposed to an answer that says "busy". */
function isSilent(e: unknown): boolean {
  return e instanceof EternusError && ["ERR_CONNECTION", "ERR_REQUEST_TIMEOUT"].includes(e.code);
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
