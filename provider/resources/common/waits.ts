/**
 * Bounded waits for the resources, on the provider's runtime (its clock and sleep): deadlines, the
 * resource form of the one wait (client/wait.ts waitFor: the policy's intervals and progress lines,
 * transient read errors ridden out), and a short probe for the first call to an array that may be gone.
 */
import { cancelledBy, EternusCancelledError, EternusTimeoutError } from "../../client/errors";
import type { Runtime, Sleep } from "../../client/runtime";
import type { WaitOptions } from "../../client/wait";
import { PartialFailureError } from "./errors";
import type { WaitPolicy } from "./provider-runtime";

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

/**
 * A bound without a time limit that ends when `signal` aborts: the engine's Cancel (cancellation.ts), the
 * parent of every operation's top deadline, so its waits and requests end at once.
 */
export function untilAborted(signal: AbortSignal): Deadline {
  return { at: Number.POSITIVE_INFINITY, signal };
}

/** `d` cut to the reachability probe: for the first call to a possibly dead array. */
export function probe(rt: Runtime, policy: WaitPolicy, d: Deadline): Deadline {
  return deadline(rt, policy.reachabilityProbeMs / 1000, d);
}

/** What a resource says about one wait; the rest comes from its policy (resourceWait). */
export type ResourceWait<T> = Pick<WaitOptions<T>, "what" | "onProgress" | "progressKey" | "abortIf" | "nextReadInMs"> & {
  deadline: Deadline;
  /** The sleep between reads (default the runtime's): a shared tick lets waits on one array read together. */
  sleep?: Sleep;
};

/**
 * The wait options of a resource: the deadline ends it as a timeout with the last state; transient read
 * errors (503, connection, lost response) are ridden out until then, but an array that does not answer at
 * all only for the reachability bound (a lost site must not hold the operation for its whole timeout).
 */
export function resourceWait<T>(rt: Runtime, policy: WaitPolicy, o: ResourceWait<T>): WaitOptions<T> {
  return {
    runtime: o.sleep ? { ...rt, sleep: o.sleep } : rt, deadlineAt: o.deadline.at, signal: o.deadline.signal, abortIsTimeout: true,
    what: o.what, firstIntervalMs: policy.firstIntervalMs, maxIntervalMs: policy.maxIntervalMs, backoff: 1.5,
    progressEveryMs: policy.progressEveryMs, onProgress: o.onProgress, progressKey: o.progressKey, abortIf: o.abortIf,
    nextReadInMs: o.nextReadInMs, rideOutTransient: { silentForMs: policy.reachabilityProbeMs },
  };
}

/**
 * Run `fn`; an abort of the deadline becomes a clear error naming `what`: the cancellation when the engine
 * cancelled, else a timeout. A partial failure passes unchanged (it carries the state to record).
 */
export async function withDeadline<T>(rt: Runtime, d: Deadline, what: string, fn: () => Promise<T>): Promise<T> {
  const start = rt.now();
  try {
    return await fn();
  } catch (e) {
    if (e instanceof PartialFailureError || e instanceof EternusCancelledError) throw e;
    if (cancelledBy(d.signal)) throw new EternusCancelledError(what, { cause: e });
    if ((d.signal.aborted || rt.now() >= d.at) && !(e instanceof EternusTimeoutError)) throw new EternusTimeoutError(what, rt.now() - start, undefined);
    throw e;
  }
}
