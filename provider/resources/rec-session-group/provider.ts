/**
 * RecSessionGroup: the provider methods. Each member session is handled by RecSyncSession's own methods
 * (create, read, update, delete: the same pre-flight, identity, lost-response and DR rules); the group adds
 * the membership change, ONE multi-suspend per array for every group suspend (cut.ts), and one engine slot
 * for all the members' copy waits.
 */
import { randomUUID } from "node:crypto";
import { withClientLease } from "../../client";
import { asCopyWaiter } from "../common/engine-slots";
import { InvalidInputsError, PartialFailureError, PlanRefusedError, type ArrayUnansweredError } from "../common/errors";
import { operation, type Operation } from "../common/operation";
import { rememberedSilence } from "../common/unanswered-arrays";
import { changed, errorMessage, jsonPlain, stripProvider, type Props } from "../common/unknown";
import type { Deadline } from "../common/waits";
import { runContext } from "../rec-sync-session/common";
import { outputsOf } from "../rec-sync-session/outputs";
import { classifyStatus } from "../rec-sync-session/plan";
import { create as createSession, read as readSession, remove as removeSession, update as updateSession } from "../rec-sync-session/provider";
import { parseStoredOutputs as parseSession, type RecSyncSessionOutputs } from "../rec-sync-session/schema";
import { waitSettled } from "../rec-sync-session/steps";
import { checkGroup } from "./check";
import { describeCut, suspendTogether } from "./cut";
import { planCut } from "./plan-cut";
import { groupLabel, inMemberOrder, memberId, memberInputs, memberKey, memberLabel, memberProps, membership } from "./members";
import { parseStoredOutputs, type GroupCut, type MemberInputs, type RecSessionGroupInputs, type RecSessionGroupOutputs } from "./schema";

const SPLIT_MANUAL_RISK = "splitMode Manual: when the mirror cannot follow (copy path down), the array STOPS host writes to the business volumes; the DR copy never falls behind. With Automatic (default) the business continues and the DR copy falls behind";

function groupOperation(provider: unknown, n: { resourceName?: unknown; sourceArray?: unknown; destinationArray?: unknown; resourceUrn?: unknown }): Operation {
  return operation(provider, "RecSessionGroup", groupLabel(n), n.resourceUrn);
}

async function checkedOrThrow(provider: unknown, raw: Props): Promise<RecSessionGroupInputs> {
  const { inputs, failures } = await checkGroup(provider, {}, raw);
  if (failures.length) throw new InvalidInputsError(`RecSessionGroup ${groupLabel(inputs)}: invalid inputs: ${failures.map((f) => f.reason).join("; ")}`, failures);
  return inputs as unknown as RecSessionGroupInputs;
}

function outputs(n: RecSessionGroupInputs, sessions: Iterable<RecSyncSessionOutputs>, lastCut: GroupCut | undefined): RecSessionGroupOutputs {
  const list = inMemberOrder(n.members, sessions);
  return jsonPlain({ ...n, sessions: list, suspended: list.length > 0 && list.every((s) => s.suspended), ...(lastCut ? { lastCut } : {}) });
}

type DiffResult = { changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean };

/** diff: from the old outputs and the new inputs; says which members change and how. No array calls. */
async function diffOperation(provider: unknown, _id: string, oldsRaw: Props, newsRaw: Props): Promise<DiffResult> {
  const o = parseStoredOutputs(stripProvider(oldsRaw));
  const n = stripProvider(newsRaw) as unknown as RecSessionGroupInputs;
  const op = groupOperation(provider, n);
  const replaces = (["sourceArray", "destinationArray"] as const).filter((k) => changed(o[k], n[k]));
  if (replaces.length) {
    op.log.info(`will REPLACE the group (every session deleted, then re-created with a full initial copy): ${replaces.join(", ")} changed`);
    return { changes: true, replaces: [...replaces], deleteBeforeReplace: true };
  }
  if (!Array.isArray(n.members)) return { changes: true };
  const ms = membership(o.sessions, n.members);
  const lines: string[] = [];
  for (const m of ms.add) lines.push(`will add member ${memberLabel(groupLabel(n), m)}: a new session with a full initial copy`);
  for (const s of ms.remove) lines.push(`will remove member ${memberLabel(groupLabel(n), s)}: its session is deleted (the volumes stay)`);
  const groupWide = (["transferMode", "splitMode", "recoveryMode", "suspended", "failover", "acceptIncompleteMirror", "waitForEquivalent", "timeoutSeconds", "adopt"] as const).filter((k) => changed(o[k], n[k]));
  const cutting = ["transferMode", "splitMode", "recoveryMode", "suspended", "failover"].some((k) => groupWide.includes(k as never)) && (n.suspended || n.failover || !o.suspended);
  if (cutting && ms.keep.length && !(o.failover && !n.failover)) {
    lines.push(`will ${describeCut(ms.keep.length, o.sourceArray, false)} (forced through "${o.destinationArray}" if "${o.sourceArray}" is unreachable) -> ${groupWide.join(", ")} on each -> ${n.suspended || n.failover ? "stay suspended" : "resume all"}`);
  }
  if (o.failover && !n.failover) lines.push(`will fail back every member (RecSyncSession rules): ${ms.keep.length} sessions`);
  if (n.splitMode === "Manual" && changed(o.splitMode, n.splitMode)) op.log.warn(SPLIT_MANUAL_RISK);
  for (const l of lines) op.log.info(l);
  return { changes: lines.length > 0 || groupWide.length > 0 || changed(o.providerVersion, n.providerVersion) };
}

async function createOperation(provider: unknown, newsRaw: Props): Promise<{ id: string; outs: Props }> {
  const n = await checkedOrThrow(provider, newsRaw);
  const op = groupOperation(provider, n);
  const id = `${n.sourceArray}/group/${randomUUID()}`;
  if (n.splitMode === "Manual") op.log.warn(SPLIT_MANUAL_RISK);
  const sessions = new Map<string, RecSyncSessionOutputs>();
  let lastCut: GroupCut | undefined;
  try {
    const errors = await addMembers(provider, op, n, n.members, sessions);
    if (errors.length && sessions.size === 0) throw errors[0];
    if (errors.length) throw new Error(errors.map(errorMessage).join("; "));
    if (n.suspended || n.failover) {
      lastCut = await cutOrFail(op, n, [...sessions.values()], op.deadline(n.timeoutSeconds));
      // The cut changed the sessions: each member reads them back (and fails over) by the single session's table.
      const keep = n.members.map((member) => ({ member, session: sessions.get(memberKey(member)) as RecSyncSessionOutputs }));
      const settled = await settleMembers(provider, op, n, keep, sessions, newsRaw.__provider, silenceAfterCut(op, n, lastCut));
      if (settled.length) throw new Error(settled.join("; "));
    }
    return { id, outs: outputs(n, sessions.values(), lastCut) };
  } catch (e) {
    if (sessions.size === 0) throw e;
    throw new PartialFailureError(`RecSessionGroup ${groupLabel(n)}: ${errorMessage(e)}`, id, { ...outputs(n, sessions.values(), lastCut), __provider: newsRaw.__provider }, [errorMessage(e)]);
  }
}

/**
 * Creates the members' sessions (RecSyncSession create, without its own copy wait or suspend), then waits
 * for all the initial copies together in one engine slot. Returns the errors of the members that failed.
 */
async function addMembers(provider: unknown, op: Operation, n: RecSessionGroupInputs, members: readonly MemberInputs[], sessions: Map<string, RecSyncSessionOutputs>): Promise<unknown[]> {
  const errors: unknown[] = [];
  const created = await Promise.allSettled(members.map((m) =>
    createSession(provider as object, { ...memberInputs(n, m, { waitForEquivalent: false, suspended: false, failover: false }), __provider: "" })));
  created.forEach((r, i) => {
    if (r.status === "fulfilled") sessions.set(memberKey(members[i]), parseSession(stripProvider({ ...r.value.outs, ...declaredOf(n, members[i]) })));
    else if (r.reason instanceof PartialFailureError) {
      sessions.set(memberKey(members[i]), parseSession(stripProvider({ ...r.reason.properties, ...declaredOf(n, members[i]) })));
      errors.push(r.reason);
    } else errors.push(r.reason);
  });
  if (!n.waitForEquivalent) return errors;
  const d = op.deadline(n.timeoutSeconds);
  const waiting = members.map((m) => sessions.get(memberKey(m))).filter((s): s is RecSyncSessionOutputs => !!s && classifyStatus(s.status) === "active");
  // One slot for the whole group's initial copies: the group is one engine operation.
  const waited = await asCopyWaiter(() => Promise.allSettled(waiting.map((s) => waitSettled(runContext(op, op.client(n.sourceArray), s, d)))), (msg) => op.log.warn(msg));
  waited.forEach((r, i) => {
    const s = waiting[i];
    if (r.status === "fulfilled") sessions.set(memberKey(s), outputsOf(s, r.value, { sourceBoxId: s.sourceBoxId, destinationBoxId: s.destinationBoxId }));
    else errors.push(r.reason);
  });
  return errors;
}

/**
 * After the cut, each member goes on by the single session's table (changes, resume, wait; failover;
 * failback), all waits in one engine slot. Its outputs replace the member's entry; returns the errors.
 */
async function settleMembers(provider: unknown, op: Operation, n: RecSessionGroupInputs, keep: readonly { member: MemberInputs; session: RecSyncSessionOutputs }[], sessions: Map<string, RecSyncSessionOutputs>, providerRef: unknown, sourceSilent?: ArrayUnansweredError): Promise<string[]> {
  const errors: string[] = [];
  const updated = await asCopyWaiter(() => Promise.allSettled(keep.map((k) => {
    const s = sessions.get(memberKey(k.session)) as RecSyncSessionOutputs;
    return updateSession(provider as object, memberId(s), memberProps(s, providerRef), { ...memberInputs(n, k.member), __provider: providerRef }, { sourceSilent });
  })), (msg) => op.log.warn(msg));
  updated.forEach((r, i) => {
    const key = memberKey(keep[i].session);
    if (r.status === "fulfilled") sessions.set(key, parseSession(stripProvider(r.value.outs)));
    else {
      if (r.reason instanceof PartialFailureError) sessions.set(key, parseSession(stripProvider(r.reason.properties)));
      errors.push(`${keep[i].session.resourceName ?? key}: ${errorMessage(r.reason)}`);
    }
  });
  return errors;
}

/**
 * After a cut made through the destination because the source did not answer for the whole probe (the
 * cut's probe remembered it: common/unanswered-arrays.ts), the members' read-backs need not ask it again.
 */
function silenceAfterCut(op: Operation, n: RecSessionGroupInputs, cut: GroupCut | undefined): ArrayUnansweredError | undefined {
  return cut?.through === "destination" ? rememberedSilence(op, n.sourceArray) : undefined;
}

/** The member's declared settings (the create ran with the group's overrides). */
function declaredOf(n: RecSessionGroupInputs, m: MemberInputs): Props {
  const { waitForEquivalent, suspended, failover } = memberInputs(n, m);
  return { waitForEquivalent, suspended, failover };
}

/** The group suspend when one is needed; a partial cut throws (never reported as consistent). */
async function cutOrFail(op: Operation, n: RecSessionGroupInputs, sessions: readonly RecSyncSessionOutputs[], d: Deadline): Promise<GroupCut | undefined> {
  const plan = await planCut(op, n, sessions, d);
  if (!plan) return undefined;
  const r = await suspendTogether(op, plan.members, { forced: plan.forced, through: plan.through }, d);
  if (r.failed.length) {
    const resumed = r.resumed.length ? `; resumed again so they protect new writes: ${r.resumed.join(", ")}` : plan.through === "destination" ? "; the suspended ones stay suspended (the source array is down)" : "";
    throw new PartialCutError(`the group suspend was PARTIAL, so the mirrors are NOT one consistent point in time: not suspended: ${r.failed.map((f) => `${f.label} (${f.reason})`).join(", ")}${resumed}. Remove the cause and run pulumi up again (it cuts all members again)`, r.cut);
  }
  return r.cut;
}

/** A partial multi-suspend: carries the cut (consistent: false) so the state records it. */
class PartialCutError extends PlanRefusedError {
  constructor(message: string, readonly cut: GroupCut) {
    super(message);
  }
}

async function updateOperation(provider: unknown, id: string, oldsRaw: Props, newsRaw: Props): Promise<{ outs: Props }> {
  const o = parseStoredOutputs(stripProvider(oldsRaw));
  const n = await checkedOrThrow(provider, newsRaw);
  const op = groupOperation(provider, n);
  if (changed(o.sourceArray, n.sourceArray) || changed(o.destinationArray, n.destinationArray)) throw new PlanRefusedError(`RecSessionGroup ${groupLabel(n)}: sourceArray/destinationArray cannot change in place (replacement)`);
  const ms = membership(o.sessions, n.members);
  if (ms.add.length && (n.suspended || n.failover || o.failover)) {
    throw new PlanRefusedError(`RecSessionGroup ${groupLabel(n)}: members can be added only while the group runs (suspended: false, failover: false): a member added to a suspended group would not share its point in time. Nothing was changed`);
  }
  const sessions = new Map(o.sessions.map((s) => [memberKey(s), s]));
  let lastCut = o.lastCut;
  let acted = false;
  const errors: string[] = [];
  try {
    for (const s of ms.remove) {
      acted = true;
      await removeSession(provider as object, memberId(s), memberProps(s, newsRaw.__provider));
      sessions.delete(memberKey(s));
    }
    const d = op.deadline(n.timeoutSeconds);
    let cutNow: GroupCut | undefined;
    if (ms.keep.length && !(o.failover && !n.failover)) {
      try {
        cutNow = await cutOrFail(op, n, ms.keep.map((k) => k.session), d);
        if (cutNow) { lastCut = cutNow; acted = true; }
      } catch (e) {
        if (e instanceof PartialCutError) { lastCut = e.cut; acted = true; }
        throw e;
      }
    }
    errors.push(...await settleMembers(provider, op, n, ms.keep, sessions, newsRaw.__provider, silenceAfterCut(op, n, cutNow)));
    acted = true;
    if (ms.add.length) errors.push(...(await addMembers(provider, op, n, ms.add, sessions)).map(errorMessage));
    if (errors.length) throw new Error(errors.join("; "));
    return { outs: outputs(n, sessions.values(), lastCut) };
  } catch (e) {
    if (!acted) throw e;
    const reason = errorMessage(e);
    throw new PartialFailureError(`RecSessionGroup ${groupLabel(n)}: ${reason}`, id, { ...outputs(n, sessions.values(), lastCut), __provider: newsRaw.__provider }, [reason]);
  }
}

/** read: every member through RecSyncSession read; a member whose session is gone leaves the state. */
async function readOperation(provider: unknown, id: string, propsRaw: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const o = parseStoredOutputs(stripProvider(propsRaw));
  const op = groupOperation(provider, o);
  const read = await Promise.all(o.sessions.map((s) => readSession(provider as object, memberId(s), memberProps(s, propsRaw.__provider))));
  const sessions: RecSyncSessionOutputs[] = [];
  read.forEach((r, i) => {
    if (r.id) sessions.push(parseSession(stripProvider(r.props)));
    else op.log.warn(`member ${o.sessions[i].resourceName ?? memberKey(o.sessions[i])}: its session is gone; the next pulumi up re-creates it (full copy)`);
  });
  if (sessions.length === 0) return { id: "", props: {} };
  const { sessions: _s, suspended: _x, lastCut: _c, ...inputs } = o;
  const props = outputs(o, sessions, o.lastCut);
  return { id, props, inputs: jsonPlain(inputs) };
}

/** delete: every member's session (RecSyncSession delete); the volumes stay. */
async function removeOperation(provider: unknown, _id: string, propsRaw: Props): Promise<void> {
  const o = parseStoredOutputs(stripProvider(propsRaw));
  const results = await Promise.allSettled(o.sessions.map((s) => removeSession(provider as object, memberId(s), memberProps(s, propsRaw.__provider))));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

export const check = withClientLease((provider: unknown, olds: Props, news: Props) => checkGroup(provider, olds, news));
export const diff = withClientLease(diffOperation);
export const create = withClientLease(createOperation);
export const read = withClientLease(readOperation);
export const update = withClientLease(updateOperation);
export const remove = withClientLease(removeOperation);
