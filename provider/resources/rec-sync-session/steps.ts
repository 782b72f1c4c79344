/**
 * Runs the steps of a plan (rec-sync-session-plan.ts) against the array that holds the session (the source
 * array, docs/unverified-points.md docs/unverified-points.md#row-18-which-array-takes-session-operations), confirming every step by reading the session back: job Success is not the end
 * state for suspend [M:suspend], resume [M:resume] or PATCH. Every wait is bounded by the resource's
 * deadline signal and prints a progress line at least every 10 s.
 */
import type { Sleep } from "../../client/runtime";
import type { CopySession, EternusClient } from "../../client/types";
import { CONCURRENT_SUSPEND_RUNNING, RecoveryMode, enumEquals, isErrorStatus, isSettledPhase, isSuspendComplete } from "../../api/dialect";
import { sendConfirmed } from "../common/lost-response";
import { ResourceGoneError, SessionStateError } from "../common/errors";
import type { Operation } from "../common/operation";
import type { Deadline } from "../common/waits";
import { directionOf } from "./outputs";
import { classifyStatus, describeStep, type Step } from "./plan";

/**
 * Where the steps go: normally the source array, with the session's id there; during a failover with the
 * source site down, the destination array with its own id for the session (its peer view).
 */
export interface RunContext {
  op: Operation;
  client: EternusClient;
  arrayName: string;
  /** The session's id on `arrayName`. */
  sessionId: number;
  /**
   * Where the operations go when another array than `arrayName` created the session (createdOn
   * "destination"): the creating array and its own id for the session. Reads stay on `arrayName`.
   */
  actOn?: { client: EternusClient; arrayName: string; sessionId: number };
  /** The session as `arrayName` shows it now; undefined when gone (or its id names another session). */
  read(signal: AbortSignal): Promise<CopySession | undefined>;
  deadline: Deadline;
  /** The sleep of its waits (shared-reads.ts: waits on one array wake and read together); default the runtime's. */
  sleep?: Sleep;
}

/** The session now; throws SessionGoneError when it disappeared (or its id names another session). */
export async function readLive(ctx: RunContext, signal: AbortSignal = ctx.deadline.signal): Promise<CopySession> {
  const s = await ctx.read(signal);
  if (!s) {
    throw new ResourceGoneError(`copy session ${ctx.sessionId} no longer exists on array "${ctx.arrayName}" (deleted outside Pulumi?); run pulumi refresh (it is removed from state) and pulumi up to re-create it`);
  }
  return s;
}

function describeProgress(s: CopySession): string {
  const parts = [`status ${s.status ?? "?"}`, `phase ${s.phase ?? "?"}`];
  if (typeof s.progress === "number") parts.push(`${s.progress}%`);
  if (typeof s.uncopied_data_size === "number" && typeof s.total_data_size === "number") {
    parts.push(`uncopied ${s.uncopied_data_size} of ${s.total_data_size} MB`);
  }
  if (s.concurrent_suspend_result) parts.push(`suspend ${s.concurrent_suspend_result}`);
  if (typeof s.remain_time_to_finish_suspend === "number") parts.push(`suspend ends in ~${s.remain_time_to_finish_suspend} s`);
  return parts.join(", ");
}

function errorIfBroken(ctx: RunContext, what: string) {
  return (s: CopySession): Error | undefined => {
    if (isErrorStatus(s.status)) {
      return new SessionStateError(`copy session ${ctx.sessionId} turned ${s.status} (error_code ${s.error_code ?? "?"}) while waiting for ${what}; the manual: remove the cause, delete and re-create the session (pulumi refresh, then pulumi up replaces it)`, s.status ?? "");
    }
    // Halt with recovery mode Manual never recovers by itself: waiting would only burn timeoutSeconds.
    if (classifyStatus(s.status) === "halt" && enumEquals(s.recovery_mode, RecoveryMode.Manual)) {
      return new SessionStateError(`copy session ${ctx.sessionId} is Halt (copy path down?) with recovery mode Manual, so it will not recover by itself; stopped waiting for ${what}. When the copy path is back, run pulumi up again (it recovers the session: forced suspend, then resume), or declare recoveryMode: "Automatic"`, s.status ?? "");
    }
    return undefined;
  };
}

async function waitUntil(ctx: RunContext, what: string, done: (s: CopySession) => boolean): Promise<CopySession> {
  const { op } = ctx;
  const copy = copyEstimate(op.rt.now);
  return op.waitFor((signal) => readLive(ctx, signal).then((s) => (copy.sample(s), s)), done, {
    deadline: ctx.deadline,
    what,
    sleep: ctx.sleep,
    abortIf: errorIfBroken(ctx, what),
    progressKey: (s) => `${s.status}/${s.phase}`,
    nextReadInMs: () => copy.etaMs(),
    onProgress: (s, elapsed) => op.log.progress(
      `waiting for ${what}: ${describeProgress(s)}${copy.describe()}; ${Math.round(elapsed / 1000)} s elapsed, ${Math.max(0, Math.round((ctx.deadline.at - op.rt.now()) / 1000))} s left (timeoutSeconds)`,
      `${typeof s.progress === "number" ? `${s.progress}%` : `${s.status}/${s.phase}`}${copy.short()}`,
    ),
  });
}

/**
 * The copy rate from the uncopied size of successive reads: the expected end of the copy (so a wait reads
 * again when the copy should be done, not on a fixed beat) and ", 180 MB/s, ETA 42 s" for progress lines.
 */
function copyEstimate(now: () => number) {
  let first: { at: number; uncopied: number } | undefined;
  let last: { at: number; uncopied: number } | undefined;
  const rate = () => (first && last && last.at > first.at && first.uncopied > last.uncopied ? ((first.uncopied - last.uncopied) * 1000) / (last.at - first.at) : undefined);
  return {
    sample(s: CopySession): void {
      if (typeof s.uncopied_data_size !== "number") return;
      last = { at: now(), uncopied: s.uncopied_data_size };
      if (!first || last.uncopied > first.uncopied) first = last; // a new copy (resume, reverse) starts over
    },
    /** Milliseconds until the copy should be done (+5 % and 100 ms of margin), when the rate is known. */
    etaMs(): number | undefined {
      const r = rate();
      return r && last ? Math.ceil((last.uncopied / r) * 1050 + 100) : undefined;
    },
    /** " ETA 42s 180MB/s": the row's Info column shows about 20 characters at 120 columns. */
    short(): string {
      const r = rate();
      return r && last ? ` ETA ${Math.ceil(last.uncopied / r)}s ${Math.round(r)}MB/s` : "";
    },
    describe(): string {
      const r = rate();
      return r && last ? `, ${r >= 10 ? Math.round(r) : r.toFixed(1)} MB/s, ETA ${Math.ceil(last.uncopied / r)} s` : "";
    },
  };
}

/** Wait for the settled phase of the session's transfer mode (Equivalent; Stack: Copying counts). */
export function waitSettled(ctx: RunContext): Promise<CopySession> {
  return waitUntil(ctx, "Equivalent", (s) => classifyStatus(s.status) === "active" && isSettledPhase(s.transfer_mode, s.phase));
}

/** Run the steps in order from `first` (the read the plan was made on); returns the session after the last. */
export async function runSteps(ctx: RunContext, steps: Step[], first?: CopySession): Promise<CopySession> {
  const { client, sessionId: id } = ctx.actOn ?? ctx;
  const { log } = ctx.op;
  const signal = ctx.deadline.signal;
  let last = first ?? (await readLive(ctx));
  for (const step of steps) {
    log.info(`step: ${describeStep(step)}`);
    const send = (what: string, call: () => Promise<unknown>, tookEffect: (s: CopySession) => boolean) =>
      sendConfirmed(ctx.op, ctx.deadline, what, call, (sig) => readLive(ctx, sig), tookEffect);
    switch (step.op) {
      case "suspend":
        // An earlier update that was interrupted (a killed plugin) may have sent it: the array refuses a
        // second one, and waiting for the first is what this step would do anyway.
        if (enumEquals(last.concurrent_suspend_result, CONCURRENT_SUSPEND_RUNNING)) {
          log.info(`a suspend is already running on copy session ${id} (sent by an earlier, interrupted update): waiting for it instead of sending another`);
          break;
        }
        if (step.forced) log.warn(`forced suspend: ${step.why}`);
        await send("suspend", () => client.suspendCopySession(id, { forced: step.forced }, { signal }),
          (s) => classifyStatus(s.status) === "suspended" || enumEquals(s.concurrent_suspend_result, CONCURRENT_SUSPEND_RUNNING));
        last = await readLive(ctx);
        break;
      case "waitSuspended":
        // docs/unverified-points.md docs/unverified-points.md#row-6-suspend-completion: suspended when status reads Suspend; concurrent_suspend_result Running until then.
        last = await waitUntil(ctx, "the suspend to complete", (s) => isSuspendComplete(s));
        break;
      case "patch": {
        const field = step.field;
        await send(`PATCH ${field}`, () => client.patchCopySession(id, field, step.value, { signal }), (s) => enumEquals(s[field], step.value));
        last = await waitUntil(ctx, `${field} ${step.value}`, (s) => enumEquals(s[field], step.value));
        break;
      }
      case "reverse": {
        const before = directionOf(last);
        await send("reverse", () => client.reverseCopySession(id, { signal }), (s) => directionOf(s) !== before);
        last = await waitUntil(ctx, "the reverse to take effect", (s) => directionOf(s) !== before);
        log.info(`direction is now ${directionOf(last)} (${directionOf(last) === "Reverse" ? "copying destination -> source" : "copying source -> destination"})`);
        break;
      }
      case "resume":
        await send("resume", () => client.resumeCopySession(id, { signal }), (s) => classifyStatus(s.status) !== "suspended");
        last = await waitUntil(ctx, "the resume to take effect", (s) => classifyStatus(s.status) !== "suspended");
        if (classifyStatus(last.status) === "halt") log.warn("resumed, but the session is Halt: the copy path to the remote array looks down");
        break;
      case "waitSettled":
        last = await waitSettled(ctx);
        break;
    }
  }
  return last;
}
