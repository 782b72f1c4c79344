/**
 * Failback onto a business array that came back EMPTY (a rebuilt machine: new box id; the business volume
 * and the session are gone, only the DR array's leftover view of the session remains). The session cannot
 * be reversed, so it is re-created the other way:
 *   1. force-delete the leftover on the DR array, only if it is ours: its local volume is our mirror, its
 *      remote box the OLD box id and its remote volume our old business volume (findPeerSession);
 *   2. create a REC session ON THE DR ARRAY from the mirror (the business copy) to the declared
 *      `sourceVolumeId` on the returned array: a full copy that overwrites that volume, so it must be of the
 *      mirror's size and in no copy session;
 *   3. the failback's usual tail (dr-plan.ts, "continue the failback"): Equivalent -> suspend -> reverse ->
 *      resume, Forward again. That session was created by the DR array, which takes its operations
 *      (createdOn "destination", runContext).
 * Each step is found again on the arrays before it is done, so an interrupted rebuild continues: the
 * leftover lookup needs the old box id, the pair lookup the new one, and nothing is created twice.
 */
import { enumEquals, idFromHref, MAX_SESSIONS_PER_SOURCE, TransferMode } from "../../api/dialect";
import type { CallOptions, CopySession, EternusClient } from "../../client/types";
import { IncompleteError, PlanRefusedError, PreflightError } from "../common/errors";
import { withKeyedLock } from "../common/keyed-lock";
import { businessKey } from "../common/session-slots";
import type { Operation } from "../common/operation";
import { errorMessage } from "../common/unknown";
import type { Deadline } from "../common/waits";
import { deleteLeftover } from "./delete";
import { findPairSession, ourSession } from "./lookups";
import { desiredOf, outputsOf } from "./outputs";
import { describeSteps } from "./plan";
import { planFailback } from "./dr-plan";
import type { RecSyncSessionInputs, RecSyncSessionOutputs } from "./schema";

/** Refresh recorded, while failed over, that the source array came back empty. */
export function rebuildPending(o: RecSyncSessionOutputs): boolean {
  return o.failover && typeof o.replacedSourceBoxId === "string";
}

/** The failback declared onto a source array that came back empty: `sourceVolumeId` may name a new volume. */
export function rebuildDeclared(o: RecSyncSessionOutputs, n: { failover?: unknown }): boolean {
  return rebuildPending(o) && n.failover === false;
}

/** The failback's tail once the new session copies home: the "continue the failback" cell. */
function tailPlan(n: RecSyncSessionInputs) {
  return planFailback(desiredOf(n), { status: "Active", phase: "Copying", transferMode: n.transferMode, recoveryMode: n.recoveryMode, direction: "Reverse" });
}

/** The preview's lines: every step, on which array, which volume is overwritten; then the risks. */
export function describeRebuild(o: RecSyncSessionOutputs, n: RecSyncSessionInputs, target: string): string[] {
  const tail = tailPlan(n);
  return [describeSequence(o, n, target, describeSteps(tail.steps)), ...tail.warnings];
}

function describeSequence(o: RecSyncSessionOutputs, n: RecSyncSessionInputs, target: string, tail: string): string {
  return `will fail back onto the rebuilt array "${o.sourceArray}" (it came back empty: box id ${o.replacedSourceBoxId}, was ${o.sourceBoxId}): `
    + `force-delete the leftover of copy session ${o.copySessionId} on "${o.destinationArray}" -> `
    + `create a REC session on "${o.destinationArray}" from the mirror volume ${o.destinationVolumeId} to volume ${target} on "${o.sourceArray}" `
    + `(FULL copy, direction ${o.destinationArray} -> ${o.sourceArray}; volume ${target} is overwritten) -> ${tail} `
    + `(then Forward again, ${o.sourceArray} -> ${o.destinationArray}; "${o.destinationArray}" created the session and takes its operations)`;
}

/**
 * Steps 1 and 2 (the checks of the target volume come before anything is deleted or created): returns the
 * new session's outputs (still failover: true: the tail is the failback the
 * caller runs next). Throws before anything is created when a check fails.
 */
export async function rebuildOntoEmptySource(op: Operation, o: RecSyncSessionOutputs, n: RecSyncSessionInputs, d: Deadline): Promise<RecSyncSessionOutputs> {
  const src = op.client(n.sourceArray);
  const dst = op.client(n.destinationArray);
  const opts: CallOptions = { signal: d.signal };
  if (enumEquals(n.transferMode, TransferMode.Stack)) {
    throw new PlanRefusedError("failback refused in Stack mode: Stack never reaches Equivalent, so the copy home could not be confirmed complete. Declare transferMode Synchronous (or Consistency) together with failover: false");
  }
  // Identity of both arrays: the source is the replacement refresh saw, the destination still ours.
  const box = (await src.getStorageSystem(opts)).boxid;
  if (box.toUpperCase() !== String(o.replacedSourceBoxId).toUpperCase()) {
    throw new PlanRefusedError(`array "${n.sourceArray}" answers with box id ${box}, not ${o.replacedSourceBoxId} as at the last refresh: run pulumi refresh, then pulumi preview shows what the failback does`);
  }
  const dstBox = (await dst.getStorageSystem(opts)).boxid;
  if (dstBox.toUpperCase() !== o.destinationBoxId.toUpperCase()) {
    throw new PlanRefusedError(`array "${n.destinationArray}" answers with box id ${dstBox}, not ${o.destinationBoxId}: it is not the array that holds the mirror; nothing was changed`);
  }
  // A session already there for (mirror -> target): an interrupted rebuild created it; continue with it.
  const session = await withKeyedLock(businessKey(n.destinationArray, n.destinationVolumeId), async () =>
    (await findPairSession(dst, n.destinationVolumeId, box, n.sourceVolumeId, opts)) ?? createFromMirror(op, o, n, src, dst, { dstBox, box }, d));
  const remoteId = session.remote_copysession_id;
  // The state names the session as the declared source array shows it (its id there, the DR array's as peer).
  const key = { sourceVolumeId: n.sourceVolumeId, destinationBoxId: dstBox, destinationVolumeId: n.destinationVolumeId, remoteCopySessionId: session.copysession_id };
  const view = typeof remoteId === "number" ? await ourSession(src, { ...key, copySessionId: remoteId }, opts) : undefined;
  if (!view) throw new IncompleteError(`the new copy session ${session.copysession_id} on "${n.destinationArray}" is not visible on "${n.sourceArray}" yet; run pulumi up again (it finds the session and continues)`);
  op.log.info(`re-created the session from the mirror: copy session ${session.copysession_id} on "${n.destinationArray}" (${view.copysession_id} on "${n.sourceArray}"), copying volume ${n.destinationVolumeId} -> volume ${n.sourceVolumeId} (full copy)`);
  return { ...outputsOf(n, view, { sourceBoxId: box, destinationBoxId: dstBox }), failover: true, createdOn: "destination" };
}

/** Checks first (a refusal changes nothing), then the leftover goes, then POST on the DR array. */
async function createFromMirror(op: Operation, old: RecSyncSessionOutputs, n: RecSyncSessionInputs, src: EternusClient, dst: EternusClient, boxes: { dstBox: string; box: string }, d: Deadline): Promise<CopySession> {
  const o: CallOptions = { signal: d.signal };
  const mirror = await dst.getVolume(n.destinationVolumeId, o);
  if (!mirror) throw new PlanRefusedError(`the mirror volume ${n.destinationVolumeId} no longer exists on "${n.destinationArray}": nothing to fail back from`);
  const target = await src.getVolume(n.sourceVolumeId, o);
  const howTo = `create a volume of ${mirror.capacity} MB on "${n.sourceArray}" (for example a RemoteVolume with sizeFrom the mirror volume ${n.destinationVolumeId} on "${n.destinationArray}") and set sourceVolumeId to its volume_id`;
  if (!target) throw new PreflightError("volume-missing", `sourceVolumeId ${n.sourceVolumeId} does not exist on the rebuilt array "${n.sourceArray}": ${howTo}`);
  if (target.capacity !== mirror.capacity) {
    throw new PreflightError("size-mismatch", `sourceVolumeId ${n.sourceVolumeId} on "${n.sourceArray}" has ${target.capacity} MB, the mirror volume ${mirror.capacity} MB: the copy home needs the same size; ${howTo}`);
  }
  // Only a volume in no copy session is overwritten: one that is a copy source or destination holds data
  // someone else copies.
  const tv = await src.getVolumeCopySessions(n.sourceVolumeId, o);
  if (tv?.is_copy_destination_volume || tv?.backup_volume_list?.length) {
    throw new PreflightError("destination-in-use", `sourceVolumeId ${n.sourceVolumeId} on "${n.sourceArray}" is in a copy session (${tv.is_copy_destination_volume ? `destination of session ${idFromHref(tv.copysession_href) ?? "?"}` : `source of ${tv.backup_volume_list?.length} sessions`}): the failback overwrites it with a full copy, so it must be a new volume in no copy session; ${howTo}`);
  }
  const onMirror = (await dst.getVolumeCopySessions(n.destinationVolumeId, o))?.backup_volume_list?.length ?? 0;
  if (onMirror >= MAX_SESSIONS_PER_SOURCE) {
    throw new PreflightError("session-limit", `the mirror volume ${n.destinationVolumeId} already has ${onMirror} copy sessions: at most ${MAX_SESSIONS_PER_SOURCE} per source volume`);
  }
  await deleteLeftover(op, old, d, true);
  op.log.warn(`creating a ${n.transferMode} REC session on "${n.destinationArray}": volume ${n.destinationVolumeId} -> volume ${n.sourceVolumeId} on "${n.sourceArray}" (full copy; volume ${n.sourceVolumeId} is overwritten)`);
  let id: number;
  try {
    id = await dst.createRecSession({ sourceVolumeId: n.destinationVolumeId, destinationVolumeId: n.sourceVolumeId, sourceBoxId: boxes.dstBox,
      destinationBoxId: boxes.box, transferMode: n.transferMode, splitMode: desiredOf(n).splitMode, recoveryMode: n.recoveryMode }, o);
  } catch (e) {
    // Lost response, or a job error after the array committed: the pair's session, never a second one.
    const found = await findPairSession(dst, n.destinationVolumeId, boxes.box, n.sourceVolumeId, o).catch(() => undefined);
    if (!found) throw e;
    op.log.warn(`create answered "${errorMessage(e)}" but session ${found.copysession_id} for this pair exists on "${n.destinationArray}": continuing with it`);
    return found;
  }
  const s = await dst.getCopySession(id, o);
  if (!s) throw new IncompleteError(`session ${id} was created on "${n.destinationArray}" but cannot be read back; run pulumi up again (it finds the session and continues)`);
  return s;
}
