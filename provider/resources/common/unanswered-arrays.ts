/**
 * Arrays that did not answer, remembered for a short while so one command does not wait for a dead site
 * again and again. A black-holed site (packets dropped) answers nothing: each read of it runs out its bound,
 * and the engine runs diffs one after another, so a failover `up` of N mirrors paid N bounds for the
 * business volumes' sizes (docs/disaster-recovery.md).
 *
 * What marks an array: a call that got NO answer for at least the reachability probe (policy
 * reachabilityProbeMs) and ended unreachable (connect timeout, no response, aborted by its bound). A quick
 * refusal does not (it costs nothing to repeat), nor does any HTTP status (401 included): that is an answer,
 * and any answer clears the mark at once.
 *
 * Who consults it: askArray, only for reads that can do without the array (a diff's size, a check's lookup);
 * they fail at once with the remembered error. Calls whose outcome decides (the failover cut, a session's
 * update or delete) always ask the array (probeArray) and only record what they saw. A mark means
 * "unreachable", never "gone": nothing is removed, replaced or forced because of it.
 *
 * Kept with the array's client (one per array per plugin process: client/client-registry.ts; a test's
 * client factory gives each harness its own), on the provider runtime's clock.
 */
import { EternusApiError, EternusError } from "../../client/errors";
import type { EternusClient } from "../../client/types";
import { ArrayUnansweredError } from "./errors";
import type { Operation } from "./operation";
import { errorMessage } from "./unknown";
import type { Deadline } from "./waits";

/**
 * How long a silent array is not asked again by reads that can do without it. The plugin process lives for
 * one command; its diffs (one after another) and the updates that follow reach the same array within
 * seconds of each other once they no longer wait, so a minute covers that stretch, and a site that comes
 * back is asked again at the latest a minute later (at once by any call that gets an answer).
 */
export const UNANSWERED_MEMORY_MS = 60_000;

/** Errors of an array that did not answer (the connection, a timeout, the call's bound, or a remembered silence). */
export function isUnreachable(e: unknown): boolean {
  return e instanceof EternusError && ["ERR_CONNECTION", "ERR_REQUEST_TIMEOUT", "ERR_ABORTED", "ERR_TIMEOUT", "ERR_UNREACHABLE"].includes(e.code);
}

/**
 * The array sent something back: anything but a transport failure (an HTTP status, a reply read as gone or
 * invalid). An error raised before any request counts too: at worst the array is asked again.
 */
function answered(e: unknown): boolean {
  return !isUnreachable(e) && !(e instanceof EternusApiError && e.status === 0);
}

interface Mark {
  until: number;
  error: ArrayUnansweredError;
}

const marks = new WeakMap<EternusClient, Mark>();

/** The remembered error while `array` is marked on the runtime clock, else undefined. */
export function rememberedSilence(op: Operation, array: string): ArrayUnansweredError | undefined {
  const client = op.client(array);
  const m = marks.get(client);
  if (!m) return undefined;
  if (op.rt.now() < m.until) return m.error;
  marks.delete(client);
  return undefined;
}

/**
 * A read that can do without `array`: while the array is remembered as not answering it fails at once with
 * that error (nothing is sent); otherwise `fn` runs within `bound` and its outcome is recorded.
 */
export async function askArray<T>(op: Operation, array: string, bound: Deadline, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const known = rememberedSilence(op, array);
  if (known) throw known;
  return probeArray(op, array, bound, fn);
}

/** A call whose outcome decides: always sent (within `bound`); an answer clears the mark, a silence sets it. */
export async function probeArray<T>(op: Operation, array: string, bound: Deadline, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const start = op.rt.now();
  try {
    const value = await fn(bound.signal);
    marks.delete(op.client(array));
    return value;
  } catch (e) {
    if (answered(e)) marks.delete(op.client(array));
    else if (isUnreachable(e) && op.rt.now() - start >= op.policy.reachabilityProbeMs) remember(op, array, e);
    throw e;
  }
}

/** Mark `array` (or extend its mark); the first mark of a silence is logged, once. */
function remember(op: Operation, array: string, cause: unknown): void {
  const client = op.client(array);
  const until = op.rt.now() + UNANSWERED_MEMORY_MS;
  const live = marks.get(client);
  if (live && op.rt.now() < live.until) {
    live.until = until;
    return;
  }
  const within = `${Math.round(op.policy.reachabilityProbeMs / 1000)} s`;
  const window = `${Math.round(UNANSWERED_MEMORY_MS / 1000)} s`;
  const error = new ArrayUnansweredError(`array "${array}" is not answering (no answer within ${within}, remembered for ${window} in this run: ${errorMessage(cause)})`, array, cause);
  marks.set(client, { until, error });
  op.log.warn(`array "${array}" did not answer within ${within}; not asked again for ${window} by reads that can do without it (sizes in diff, lookups in check), which skip it as unreachable; failover, updates and deletes still ask it`);
}
