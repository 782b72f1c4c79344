/**
 * RecSyncSession: the provider methods behind the serialized shell (resource.ts), reached through the
 * package's stable entry (provider/entry.ts). Procedures: docs/rest-api.md; the update table: plan.ts; step
 * execution: steps.ts; create: create.ts; delete: delete.ts.
 *
 * Which array each operation talks to: create both (pre-flight, POST on the source array); read and update
 * the source array only, where the session was created (docs/unverified-points.md docs/unverified-points.md#row-18-which-array-takes-session-operations); delete the
 * source array, then the destination array for the peer view or a leftover.
 */
import { withClientLease } from "../../client";
import { configOf } from "../../config";
import type { CheckFailure } from "../common/checker";
import { PartialFailureError, PlanRefusedError, ResourceGoneError, type ArrayUnansweredError } from "../common/errors";
import { parsedInputs } from "../common/shapes";
import type { Operation } from "../common/operation";
import type { Deadline } from "../common/waits";
import type { CopySession } from "../../client/types";
import { changed, errorMessage, isUnknown, jsonPlain, stripProvider, type Props } from "../common/unknown";
import { checkRecSyncSession } from "./check";
import { present } from "../common/checker";
import { isUnreachable, probeArray } from "../common/unanswered-arrays";
import { resolveVolumeSelector } from "../common/volume-selector";
import { previewChecksMode } from "../common/preview-checks";
import { previewCheckSession } from "./preview-checks";
import { checkedOrThrow, destinationContext, runContext, sessionOperation } from "./common";
import { createRecSyncSession } from "./create";
import { deleteSession } from "./delete";
import { ourSessionForRefresh } from "./lookups";
import { desiredOf, inputsFromOutputs, observe, observedFromOutputs, outputsOf, sessionLabel } from "./outputs";
import { classifyStatus, describePlan, planUpdate, type DesiredSession, type ObservedSession, type Plan } from "./plan";
import { planFailback, planFailover } from "./dr-plan";
import { observePeer, outputsThroughDestination, peerView } from "./through-destination";
import { describeRebuild, rebuildDeclared, rebuildOntoEmptySource, rebuildPending } from "./rebuild";
import { inputsSchema, parseStoredOutputs, REPLACE_FIELDS, SOURCE_VOLUME_KEYS, type RecSyncSessionInputs, type RecSyncSessionOutputs } from "./schema";
import { readLive, runSteps, waitSettled } from "./steps";

async function checkOperation(provider: unknown, oldsRaw: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
  const { inputs: props, failures } = checkRecSyncSession(configOf(provider), news);
  if (!failures.length && !present(props.sourceVolumeIdFrom) && (present(props.sourceVolumeName) || present(props.sourceVolumeNumber))) {
    const olds = stripProvider(oldsRaw);
    const failure = await resolveVolumeSelector(sessionOperation(provider, props), props.sourceArray, props, olds, olds.sourceArray, SOURCE_VOLUME_KEYS, "", urnOf(props));
    if (failure) failures.push(failure);
  }
  const mode = previewChecksMode(configOf(provider), "sourceArray");
  if (mode !== "off" && mode !== "on") failures.push(mode);
  else if (mode === "on" && !failures.length) {
    failures.push(...await previewCheckSession(sessionOperation(provider, props), props, Object.keys(stripProvider(oldsRaw)).length > 0));
  }
  return { inputs: jsonPlain(props), failures };
}

function urnOf(p: Props): string | undefined {
  return typeof p.resourceUrn === "string" && p.resourceUrn ? p.resourceUrn : undefined;
}

type DiffResult = { changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean };

/**
 * diff: from the OLD OUTPUTS (observed state as of the last up/refresh) and the new inputs; announces the
 * procedure in preview. Makes no array calls.
 */
async function diffOperation(provider: unknown, _id: string, oldsRaw: Props, newsRaw: Props): Promise<DiffResult> {
  const o = parseStoredOutputs(stripProvider(oldsRaw));
  const n = stripProvider(newsRaw); // checked inputs; in preview any value may be unknown
  const op = sessionOperation(provider, n);
  // A failback onto a source array that came back empty goes to a new business volume: not a replacement.
  const rebuild = rebuildDeclared(o, n);
  const replaces = REPLACE_FIELDS.filter((k) => changed(o[k], n[k]) && !(rebuild && k === "sourceVolumeId"));
  if (replaces.length && o.failover) {
    op.log.warn(`will FAIL: ${replacementRefused(o, replaces)}`);
    return { changes: true };
  }
  if (replaces.length) {
    const what = replaces.map((k) => `${k} ${String(o[k])} -> ${isUnknown(n[k]) ? "(known at apply time)" : String(n[k])}`).join(", ");
    op.log.info(`will REPLACE (delete the session first, then create a new one with a full initial copy): ${what}`);
    op.log.warn(replacementRisk(o));
    return { changes: true, replaces: [...replaces], deleteBeforeReplace: true };
  }
  const unknown = (["transferMode", "splitMode", "recoveryMode", "suspended", "direction", "waitForEquivalent", "failover", "acceptIncompleteMirror"] as const).filter((k) => isUnknown(n[k]));
  if (unknown.length) {
    op.log.info(`will update: ${unknown.join(", ")} known at apply time; the procedure (suspend -> change -> resume) is decided then`);
    return { changes: true };
  }
  const known = planInputs(o, n);
  if (rebuild) {
    for (const line of describeRebuild(o, known, isUnknown(n.sourceVolumeId) ? "(known at apply time)" : String(n.sourceVolumeId))) op.log.warn(line);
    return { changes: true };
  }
  return diffPlan(op, o, known, n);
}

/**
 * The new inputs typed for the plan. The plan reads only the mode fields (known here); a field still
 * unknown in preview (a timeout, a volume name, a rebuild's new volume id) does not decide it, so its old
 * value stands in for the parse, while the "recorded" list compares the news themselves.
 */
function planInputs(o: RecSyncSessionOutputs, n: Props): RecSyncSessionInputs {
  const view: Props = { ...n };
  for (const [k, v] of Object.entries(n)) if (isUnknown(v)) view[k] = k in o ? o[k as keyof RecSyncSessionOutputs] : undefined;
  return parsedInputs(inputsSchema, `RecSyncSession ${sessionLabel(n)}`, view);
}

/** What a replacement means for the DR copy (the mirror volume itself is kept: only the session goes). */
function replacementRisk(o: RecSyncSessionOutputs): string {
  return `the replacement deletes copy session ${o.copySessionId}: until the new session's full initial copy reaches Equivalent, the mirror volume ${o.destinationVolumeId} on "${o.destinationArray}" is NOT an up-to-date DR copy`;
}

/** While failed over the mirror holds the business data: a new session Forward would copy over it. */
function replacementRefused(o: RecSyncSessionOutputs, fields: readonly string[]): string {
  return `${fields.join(", ")} cannot change while failed over (failover: true in state): a replacement would create a new session Forward and copy the business volume over the mirror volume ${o.destinationVolumeId}, which holds the business data. Fail back first (failover: false); if "${o.sourceArray}" came back empty, run pulumi refresh, then declare failover: false with sourceVolumeId set to a new volume there (docs/disaster-recovery.md, "The site came back empty")`;
}

function diffPlan(op: Operation, o: RecSyncSessionOutputs, n: RecSyncSessionInputs, news: Props): DiffResult {
  const observed = observedFromOutputs(o);
  const desired = desiredOf(n);
  const sourceUnreachable = o.observedThrough === "destination";
  const plan = planFor(desired, observed, o.failover, sourceUnreachable);
  for (const w of plan.warnings) op.log.warn(w);
  if (sourceUnreachable && plan.action !== "noop") {
    op.log.warn(desired.failover
      ? `array "${o.sourceArray}" was unreachable at the last refresh: the failover runs through "${o.destinationArray}" (forced suspend on its own id for the session)`
      : `array "${o.sourceArray}" was unreachable at the last refresh: this update fails unless it answers again; only failover: true works through "${o.destinationArray}"`);
  }
  switch (plan.action) {
    case "replace":
      op.log.warn(describePlan(plan, desired, observed));
      op.log.warn(replacementRisk(o));
      if (n.direction === "Reverse") {
        op.log.warn("the replacement deletes the session and then refuses to create one in direction Reverse (no data is copied either way): set direction Forward to re-create it from the business volume (overwrites the mirror), or swap sourceArray/destinationArray to copy from the mirror");
      }
      return { changes: true, replaces: ["status"], deleteBeforeReplace: true };
    case "refuse":
      // Not thrown here: update re-plans against the live session and fails there if it still applies.
      op.log.warn(describePlan(plan, desired, observed));
      return { changes: true };
    case "steps":
      op.log.info(describePlan(plan, desired, observed));
      return { changes: true };
    case "noop": {
      const recorded = (["providerVersion", "sourceVolumeName", "sourceVolumeNumber", "waitForEquivalent", "timeoutSeconds", "failover", "acceptIncompleteMirror"] as const).filter((k) => changed(o[k], news[k]));
      if (!recorded.length) return { changes: false };
      op.log.info(`will update state only (no array change): ${recorded.map((k) => `${k} ${String(o[k] ?? "(none)")} -> ${String(news[k])}`).join(", ")}`);
      return { changes: true };
    }
  }
}

/**
 * read (refresh): the source array, bounded by the reachability probe. When it does not answer, the
 * destination array's view (with a warning); nothing is removed from state because one array is silent.
 */
async function readOperation(provider: unknown, id: string, propsRaw: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const o = parseStoredOutputs(stripProvider(propsRaw));
  const op = sessionOperation(provider, o);
  const d = op.deadline(120);
  let s: CopySession | undefined;
  try {
    s = await probeArray(op, o.sourceArray, op.probe(d), (signal) => ourSessionForRefresh(op.client(o.sourceArray), op.rt.now, o, { signal }));
  } catch (e) {
    if (!isUnreachable(e)) throw e;
    return readThroughDestination(op, id, o, d, e);
  }
  // After an empty return the old ids may name new sessions (ids and volume numbers are reused): not ours.
  if ((!s || rebuildPending(o)) && o.failover) {
    // Dropping it would make the next up create a new session, copying the business volume over the
    // mirror that now holds the business data: keep it, and say why it is gone.
    const box = await sourceBoxNow(op, o, d);
    const props = jsonPlain({ ...o, replacedSourceBoxId: box });
    op.log.warn(`${whyGone(o, box)}; kept in state because failover is declared: the mirror volume ${o.destinationVolumeId} on "${o.destinationArray}" holds the data${box ? `. To fail back, declare failover: false with sourceVolumeId set to a new volume of the mirror's size on "${o.sourceArray}": the session is re-created from the mirror (full copy)` : ""} (docs/disaster-recovery.md)`);
    return { id, props, inputs: inputsFromOutputs(props) };
  }
  if (!s) {
    op.log.warn(`copy session ${o.copySessionId} no longer exists on array "${o.sourceArray}" (or the id now names another session): removed from state; the next pulumi up creates it again`);
    return { id: "", props: {} };
  }
  const props = outputsOf(o, s, { sourceBoxId: o.sourceBoxId, destinationBoxId: o.destinationBoxId });
  reportDrift(op, o, props);
  reportRenamedSource(op, o, s);
  return { id, props, inputs: inputsFromOutputs(props) };
}

/** The source array's box id when it is not the recorded one (it came back empty), else undefined. */
async function sourceBoxNow(op: Operation, o: RecSyncSessionOutputs, d: Deadline): Promise<string | undefined> {
  const box = await op.client(o.sourceArray).getStorageSystem({ signal: d.signal }).then((x) => x.boxid, () => undefined);
  return box && box.toUpperCase() !== o.sourceBoxId.toUpperCase() ? box : undefined;
}

/** Why the session is gone from the source array: an array that came back empty has a new box id. */
function whyGone(o: RecSyncSessionOutputs, newBox: string | undefined): string {
  return newBox
    ? `array "${o.sourceArray}" came back empty (box id ${newBox}, was ${o.sourceBoxId}): copy session ${o.copySessionId} and business volume ${o.sourceVolumeId} are gone from it`
    : `copy session ${o.copySessionId} no longer exists on array "${o.sourceArray}"`;
}

async function readThroughDestination(op: Operation, id: string, o: RecSyncSessionOutputs, d: Deadline, why: unknown): Promise<{ id: string; props: Props; inputs?: Props }> {
  op.log.warn(`array "${o.sourceArray}" unreachable (${errorMessage(why)}); reading the session through "${o.destinationArray}"`);
  const peer = await peerView(op, o, d);
  if (!peer) {
    op.log.warn(`"${o.destinationArray}" shows no view of the session; the state is kept as it was (the session may still exist on "${o.sourceArray}")`);
    return { id, props: o, inputs: inputsFromOutputs(o) };
  }
  const props = outputsThroughDestination(o, peer, o);
  op.log.warn(`seen from "${o.destinationArray}": ${props.status}/${props.phase}${props.progress !== undefined ? ` ${props.progress}%` : ""}; to run the business on the mirror volume, declare failover: true (docs/disaster-recovery.md)`);
  return { id, props, inputs: inputsFromOutputs(props) };
}

/** A business volume declared by name or number that now shows another: the session stays on its volume_id. */
function reportRenamedSource(op: Operation, o: RecSyncSessionOutputs, s: CopySession): void {
  const key = o.sourceVolumeIdFrom;
  if (!key || s.is_local_source_volume === false) return;
  const now = key === "sourceVolumeName" ? s.source_volume_name : s.source_volume_number;
  if (now === undefined || now === o[key]) return;
  op.log.warn(`the business volume (volume_id ${o.sourceVolumeId}) is now ${key === "sourceVolumeName" ? "named" : "number"} ${JSON.stringify(now)} on array "${o.sourceArray}" (declared ${key} ${JSON.stringify(o[key])}); the session stays on volume_id ${o.sourceVolumeId}. To follow the rename, set ${key} to ${JSON.stringify(now)} (no replacement)`);
}

function reportDrift(op: Operation, before: RecSyncSessionOutputs, now: RecSyncSessionOutputs): void {
  const drift: string[] = [];
  if (now.suspended !== before.suspended) drift.push(now.suspended ? "suspended" : "resumed");
  if (now.direction !== before.direction) drift.push(`direction ${before.direction} -> ${now.direction}`);
  if (now.transferMode !== before.transferMode) drift.push(`transfer mode ${before.transferMode} -> ${now.transferMode}`);
  if (now.recoveryMode !== before.recoveryMode) drift.push(`recovery mode ${before.recoveryMode} -> ${now.recoveryMode}`);
  if (drift.length) op.log.warn(`changed outside Pulumi: ${drift.join(", ")}; the next pulumi up restores the declared state`);
  const cls = classifyStatus(now.status);
  if (cls === "error") {
    op.log.warn(`status ${now.status} (error_code ${now.errorCode ?? "?"}): the manual says remove the cause (e.g. overload of the destination array), then delete and re-create the session; the next pulumi up REPLACES it (full copy)`);
  } else if (cls === "halt") {
    op.log.warn(`status Halt: the copy path to "${before.destinationArray}" looks down (recovery mode ${now.recoveryMode})`);
  }
}

/**
 * update: re-plan against the live session and run the steps, recording what happened. The plan is the
 * normal table, or the DR cells (dr-plan.ts) while failed over or failing back. With the source array
 * unreachable only a failover can proceed, through the destination array.
 */
/** What the caller already knows: a group's cut found the source array silent moments ago (rec-session-group). */
export interface KnownToUpdate {
  sourceSilent?: ArrayUnansweredError;
}

async function updateOperation(provider: unknown, id: string, oldsRaw: Props, newsRaw: Props, known: KnownToUpdate = {}): Promise<{ outs: Props }> {
  const o = parseStoredOutputs(stripProvider(oldsRaw));
  const n = checkedOrThrow(provider, newsRaw);
  const op = sessionOperation(provider, n);
  const rebuild = rebuildDeclared(o, n);
  const replaces = REPLACE_FIELDS.filter((k) => changed(o[k], n[k]) && !(rebuild && k === "sourceVolumeId"));
  if (replaces.length) {
    throw new PlanRefusedError(`RecSyncSession ${sessionLabel(n)}: ${o.failover ? replacementRefused(o, replaces) : `${replaces.join(", ")} cannot change in place (replacement)`}`);
  }
  if (rebuildPending(o) && !rebuild) {
    // Still failed over onto a source array that came back empty: the old ids may name sessions that are
    // not ours (ids are reused), so nothing is read or changed by them.
    op.log.info(`no array change: "${o.sourceArray}" came back empty (box id ${o.replacedSourceBoxId}); the business stays on the mirror until failover: false (docs/disaster-recovery.md)`);
    return { outs: jsonPlain({ ...o, ...n, failover: true }) };
  }
  const d = op.deadline(n.timeoutSeconds);
  if (!rebuild) return updateLive(op, id, o, n, d, newsRaw.__provider, known.sourceSilent);
  // The source array came back empty: re-create the session from the mirror, then fail back on it. From
  // the moment it exists, a failure records it (the next up continues from it, never creates another).
  for (const line of describeRebuild(o, n, String(n.sourceVolumeId))) op.log.warn(line);
  const rebuilt = await op.withDeadline(d, `RecSyncSession ${sessionLabel(n)} failback`, () => rebuildOntoEmptySource(op, o, n, d));
  try {
    return await updateLive(op, id, rebuilt, n, d, newsRaw.__provider);
  } catch (e) {
    if (e instanceof PartialFailureError) throw e;
    throw new PartialFailureError(`RecSyncSession ${sessionLabel(n)}: ${errorMessage(e)}`, id, { ...rebuilt, __provider: newsRaw.__provider }, [errorMessage(e)]);
  }
}

/** The update on the session in state `o` (read live first): the plan, its steps, the recorded result. */
async function updateLive(op: Operation, id: string, o: RecSyncSessionOutputs, n: RecSyncSessionInputs, d: Deadline, provider: unknown, sourceSilent?: ArrayUnansweredError): Promise<{ outs: Props }> {
  const ctx = runContext(op, op.client(n.sourceArray), o, d);
  let first: CopySession;
  try {
    // The group's cut, in this same operation, got no answer from the source: not asked again.
    if (sourceSilent) throw sourceSilent;
    first = await probeArray(op, n.sourceArray, op.probe(d), (signal) => readLive(ctx, signal));
  } catch (e) {
    if (e instanceof ResourceGoneError && (o.failover || n.failover)) {
      if (n.failover) return { outs: { ...o, ...n, failover: true } };
      const box = await sourceBoxNow(op, o, d);
      throw new PlanRefusedError(`failback impossible: ${whyGone(o, box)}. The data is on the mirror volume ${o.destinationVolumeId} of "${o.destinationArray}"; keep failover: true${box ? `, run pulumi refresh (it records that "${o.sourceArray}" came back empty), then declare failover: false with sourceVolumeId set to a new volume of the mirror's size on "${o.sourceArray}": the session is re-created from the mirror (full copy)` : ""} (docs/disaster-recovery.md, "The site came back empty")`);
    }
    if (!isUnreachable(e)) throw e;
    return failoverThroughDestination(op, id, o, n, d, e, provider);
  }
  const boxes = { sourceBoxId: o.sourceBoxId, destinationBoxId: o.destinationBoxId };
  // Until a failback has finished, the state keeps failover: true, so an interrupted one is continued.
  const record = (s: CopySession, done: boolean) => jsonPlain({ ...outputsOf(n, s, boxes), failover: n.failover || (o.failover && !done), createdOn: o.createdOn });
  let acted = false;
  try {
    return await op.withDeadline(d, `RecSyncSession ${sessionLabel(n)} update`, async () => {
      let s = first;
      const desired = desiredOf(n);
      const observed = observe(s, n);
      const plan = planFor(desired, observed, o.failover, false);
      for (const w of plan.warnings) op.log.warn(w);
      if (plan.action === "replace") throw new PlanRefusedError(`${plan.reason}. It turned Error after the preview: run pulumi refresh, then pulumi up replaces it`);
      if (plan.action === "refuse") throw new PlanRefusedError(plan.reason);
      if (plan.action === "steps") {
        op.log.info(describePlan(plan, desired, observed));
        acted = true;
        s = await runSteps(ctx, plan.steps, s);
      }
      // Declared running with waitForEquivalent: finish the copy even when no step was needed (e.g. after a
      // create that timed out, which the engine records and updates on the next up).
      if (!n.suspended && !n.failover && n.waitForEquivalent && classifyStatus(s.status) === "active") {
        acted = true;
        s = await waitSettled(ctx);
      }
      return { outs: record(s, true) };
    });
  } catch (e) {
    if (!acted || e instanceof ResourceGoneError) throw e;
    // Something changed on the array: record the session as it is now, not the old outputs.
    const latest = await readLive(ctx, op.deadline(30).signal).catch(() => undefined);
    if (!latest) throw e;
    const reason = errorMessage(e);
    throw new PartialFailureError(`RecSyncSession ${sessionLabel(n)}: ${reason}`, id, { ...record(latest, false), __provider: provider }, [reason]);
  }
}

/** The plan: DR cells while failing over or back, the normal table otherwise. */
function planFor(desired: DesiredSession, observed: ObservedSession, wasFailedOver: boolean, sourceUnreachable: boolean): Plan {
  if (desired.failover) return planFailover(desired, observed, { acceptIncompleteMirror: desired.acceptIncompleteMirror, sourceUnreachable });
  if (wasFailedOver) return planFailback(desired, observed);
  return planUpdate(desired, observed);
}

/** The source site is gone: a declared failover force-suspends the session through the destination array. */
async function failoverThroughDestination(op: Operation, id: string, o: RecSyncSessionOutputs, n: RecSyncSessionInputs, d: Deadline, why: unknown, provider: unknown): Promise<{ outs: Props }> {
  if (!n.failover) {
    throw new PlanRefusedError(`array "${o.sourceArray}" is unreachable (${errorMessage(why)}): nothing can be changed on the session except a failover (failover: true, forced suspend through "${o.destinationArray}"); run pulumi up again when "${o.sourceArray}" answers, or see docs/disaster-recovery.md`);
  }
  op.log.warn(`array "${o.sourceArray}" unreachable (${errorMessage(why)}); failing over through "${o.destinationArray}"`);
  const peer = await peerView(op, o, d);
  if (!peer) throw new ResourceGoneError(`array "${o.sourceArray}" is unreachable and "${o.destinationArray}" shows no view of copy session ${o.copySessionId}: nothing to fail over; the mirror volume ${o.destinationVolumeId} is usable as it is`);
  const observed = observePeer(peer, n);
  const plan = planFor(desiredOf(n), observed, o.failover, true);
  for (const w of plan.warnings) op.log.warn(w);
  if (plan.action === "refuse" || plan.action === "replace") throw new PlanRefusedError(plan.reason);
  const ctx = destinationContext(op, op.client(o.destinationArray), o, peer.copysession_id, d);
  let s = peer;
  if (plan.action === "steps") {
    op.log.info(plan.reason);
    try {
      s = await runSteps(ctx, plan.steps, s);
    } catch (e) {
      const latest = await readLive(ctx, op.deadline(30).signal).catch(() => undefined);
      if (!latest) throw e;
      throw new PartialFailureError(`RecSyncSession ${sessionLabel(n)}: ${errorMessage(e)}`, id, { ...outputsThroughDestination(n, latest, o), failover: true, __provider: provider }, [errorMessage(e)]);
    }
  }
  return { outs: { ...outputsThroughDestination(n, s, o), failover: true } };
}

// Every operation that may talk to an array holds a client lease: no idle logout while one runs.
export const check = withClientLease(checkOperation);
export const diff = withClientLease(diffOperation);
export const create = withClientLease(createRecSyncSession);
export const read = withClientLease(readOperation);
export const update = withClientLease(updateOperation);
export const remove = withClientLease((provider: unknown, _id: string, props: Props) => deleteSession(provider, props));
