/**
 * What one provider call works with: the provider object's configuration and runtime, a logger labelled
 * with the resource, REST clients by array name, deadlines and waits on the runtime's clock.
 */
import type { Runtime } from "../../client/runtime";
import type { EternusClient } from "../../client/types";
import { configOf, resolveArray } from "../../config";
import { logger, type Logger, type ResourceKind } from "../../log";
import { waitFor } from "../../client/wait";
import { runtimeOf, type WaitPolicy } from "./provider-runtime";
import { EternusCancelledError } from "../../client/errors";
import { cancellationOf } from "./cancellation";
import { deadline, probe, resourceWait, untilAborted, withDeadline, type Deadline, type ResourceWait } from "./waits";

export interface Operation {
  readonly provider: unknown;
  readonly rt: Runtime;
  readonly policy: WaitPolicy;
  readonly log: Logger;
  readonly intentDir: string;
  /** The client for an array of stack config; throws EternusConfigError for config problems. */
  client(arrayName: string): EternusClient;
  /** A bound of `seconds` within `parent`; without one, within the engine's Cancel (cancellation.ts). */
  deadline(seconds: number, parent?: Deadline): Deadline;
  /**
   * The bound of a read that records what a failed operation did (its partial state): not ended by Cancel,
   * so the state still records it, but at most RECORD_AFTER_CANCEL_SECONDS once cancelled.
   */
  recordDeadline(seconds: number): Deadline;
  /** `d` cut to the reachability probe (first call to a possibly dead array). */
  probe(d: Deadline): Deadline;
  waitFor<T>(read: (signal: AbortSignal) => Promise<T>, done: (value: T) => boolean, o: ResourceWait<T>): Promise<T>;
  withDeadline<T>(d: Deadline, what: string, fn: () => Promise<T>): Promise<T>;
}

/** `urn`: the resource's URN when the program sent it (lines then attach to the resource). */
export function operation(provider: unknown, kind: ResourceKind, label: string, urn?: unknown): Operation {
  const cancel = cancellationOf(provider);
  if (cancel?.aborted) throw new EternusCancelledError(`${kind} ${label}`, { started: false });
  const root = cancel && untilAborted(cancel);
  const { rt, policy, clientFactory, intentDir } = runtimeOf(provider);
  return {
    provider, rt, policy, intentDir,
    log: logger({ kind, label, sink: rt.log, urn: typeof urn === "string" && urn.startsWith("urn:") ? urn : undefined }),
    client: (arrayName) => clientFactory(resolveArray(configOf(provider), arrayName)),
    deadline: (seconds, parent) => deadline(rt, seconds, parent ?? root),
    recordDeadline: (seconds) => deadline(rt, cancel?.aborted ? Math.min(seconds, RECORD_AFTER_CANCEL_SECONDS) : seconds),
    probe: (d) => probe(rt, policy, d),
    waitFor: (read, done, o) => waitFor((signal) => read(signal ?? o.deadline.signal), done, resourceWait(rt, policy, o)),
    withDeadline: (d, what, fn) => withDeadline(rt, d, what, fn),
  };
}

/**
 * Creates read the arrays' GET /storagesystem (license, box id) per resource; overlapping creates (many
 * mirrors in one run) share a read this recent. The client forgets it on any connection failure and when an
 * operation starts while none runs, so an array replaced in between (a new box id) is read again; the
 * failback onto a replaced array always reads afresh (rebuild.ts).
 */
export const RECENT_SYSTEM_MS = 30_000;

/** After the engine's Cancel, the read that records a partial state gets this long (the engine is going away). */
export const RECORD_AFTER_CANCEL_SECONDS = 10;
