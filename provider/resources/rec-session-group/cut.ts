/**
 * The group's point in time: every member session that must be suspended is suspended by ONE
 * POST /copysession/suspend per array (the manual's multi-suspend: the copies freeze together), never one
 * after another. A partial answer (Partial_Error, or a lost response after which only some show suspended)
 * is NOT a consistent cut: with both sites up the suspended ones are resumed (protection returns, the next
 * `pulumi up` cuts again from a running group); the caller then fails naming the others. Through the
 * destination array (source site down) nothing can be resumed: the suspended ones stay, and the cut is
 * recorded as not consistent.
 */
import { enumEquals, CONCURRENT_SUSPEND_RUNNING, Phase, TransferMode } from "../../api/dialect";
import { isOutcomeUnknown } from "../../client/errors";
import type { CopySession, EternusClient, MultiSuspendResult } from "../../client/types";
import { LOST_RESPONSE_CONFIRM_SECONDS } from "../common/lost-response";
import type { Operation } from "../common/operation";
import { errorMessage } from "../common/unknown";
import type { Deadline } from "../common/waits";
import { classifyStatus } from "../rec-sync-session/plan";
import { readLive, runSteps, type RunContext } from "../rec-sync-session/steps";
import type { GroupCut } from "./schema";

/** A member to suspend: where its operations go (source array, or destination with the source down). */
export interface CutMember {
  label: string;
  ctx: RunContext;
  live: CopySession;
}

export interface CutOutcome {
  cut: GroupCut;
  /** Members the array did not suspend, with why. */
  failed: { label: string; reason: string }[];
  /** Members resumed again because the cut was partial (both sites up). */
  resumed: string[];
}

/** What a reviewer reads in preview for a group suspend. */
export function describeCut(count: number, array: string, forced: boolean): string {
  return `suspend all ${count} sessions at ONE point in time: one POST /copysession/suspend on "${array}"${forced ? " (FORCED)" : ""} -> wait until all are suspended`;
}

/** Forced when one member cannot take a normal suspend (not Equivalent, Halt, Stack, or through the destination). */
export function cutNeedsForce(live: readonly CopySession[], throughDestination: boolean): boolean {
  return throughDestination || live.some((s) => classifyStatus(s.status) === "halt" || !enumEquals(s.phase, Phase.Equivalent) || enumEquals(s.transfer_mode, TransferMode.Stack));
}

/** `through`: "destination" when the members' contexts are their peer views (the source array is down). */
export async function suspendTogether(op: Operation, members: readonly CutMember[], o: { forced: boolean; through: GroupCut["through"] }, d: Deadline): Promise<CutOutcome> {
  const { forced, through } = o;
  const byArray = new Map<string, { client: EternusClient; members: CutMember[] }>();
  for (const m of members) {
    const on = m.ctx.actOn ?? m.ctx;
    const entry = byArray.get(on.arrayName) ?? { client: on.client, members: [] };
    entry.members.push(m);
    byArray.set(on.arrayName, entry);
  }
  const at = op.rt.now();
  const failed: CutOutcome["failed"] = [];
  const accepted: CutMember[] = [];
  for (const [array, group] of byArray) {
    op.log.info(describeCut(group.members.length, array, forced));
    const results = await sendMultiSuspend(op, group.client, group.members, forced, d);
    group.members.forEach((m, i) => {
      const r = results[i];
      if (r.accepted) accepted.push(m);
      else failed.push({ label: m.label, reason: `${r.message ?? "not suspended"}${r.errorCode ? ` (error_code ${r.errorCode})` : ""}` });
    });
  }
  const cut: GroupCut = { at, copySessionIds: members.map((m) => (m.ctx.actOn ?? m.ctx).sessionId), through, consistent: failed.length === 0 };
  if (failed.length === 0) {
    await Promise.all(members.map((m) => runSteps(m.ctx, [{ op: "waitSuspended" }], m.live)));
    op.log.info(`consistent cut: ${members.length} sessions suspended by one request per array at the same instant`);
    return { cut, failed, resumed: [] };
  }
  const resumed: string[] = [];
  if (through === "source") {
    // Protection first: a partial cut is no DR copy of the application, so the suspended ones run again.
    for (const m of accepted) {
      try {
        await runSteps(m.ctx, [{ op: "waitSuspended" }, { op: "resume" }]);
        resumed.push(m.label);
      } catch (e) {
        failed.push({ label: m.label, reason: `suspended by the partial cut and could not be resumed: ${errorMessage(e)}` });
      }
    }
  }
  return { cut, failed, resumed };
}

/**
 * One multi-suspend; after a lost response the sessions are read back: the ones that show suspended (or a
 * suspend running) were taken; when none shows it the request did not run and is sent once more.
 */
async function sendMultiSuspend(op: Operation, client: EternusClient, members: readonly CutMember[], forced: boolean, d: Deadline): Promise<MultiSuspendResult[]> {
  const ids = members.map((m) => (m.ctx.actOn ?? m.ctx).sessionId);
  const send = () => client.suspendCopySessions(ids, { forced }, { signal: d.signal });
  try {
    return await send();
  } catch (e) {
    if (!isOutcomeUnknown(e)) throw e;
    op.log.warn(`multi-suspend: the response was lost (${errorMessage(e)}); reading the sessions to see which were suspended`);
  }
  const took = (s: CopySession) => classifyStatus(s.status) === "suspended" || enumEquals(s.concurrent_suspend_result, CONCURRENT_SUSPEND_RUNNING);
  const confirm = op.deadline(LOST_RESPONSE_CONFIRM_SECONDS, d);
  const readAll = (signal: AbortSignal) => Promise.all(members.map((m) => readLive(m.ctx, signal)));
  const seen = await op.waitFor(readAll, (all) => all.some(took), { deadline: confirm, what: "the multi-suspend to show" }).catch(() => undefined);
  if (!seen) {
    op.log.warn("multi-suspend: no session shows it; sending it once more");
    return send();
  }
  return seen.map((s, i) => took(s)
    ? { copySessionId: ids[i], accepted: true }
    : { copySessionId: ids[i], accepted: false, message: `not suspended after the lost response (status ${s.status ?? "?"})` });
}
