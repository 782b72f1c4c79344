/**
 * Operations on REC sessions [M:rec-post, M:rec-patch, M:suspend, M:suspend-multi, M:resume, M:reverse,
 * M:cs-delete]. Each checks the manual's cautions against the derived state and throws a typed error;
 * otherwise it changes the record at once (jobs.ts: effect at acceptance).
 * Operations go to the array that created the session (docs/unverified-points.md#row-18-which-array-takes-session-operations); the other array accepts only what
 * dialect DESTINATION_SIDE_OPERATIONS allows (copySessionFor).
 * Not modelled: tenant users (403), REC buffers for Consistency reverse, per-array state divergence while
 * the copy path is down (both views share one record, except after a forced delete).
 */
import {
  DESTINATION_SIDE_OPERATIONS, DUPLICATE_PAIR_STATUS, MAX_SESSIONS_PER_SOURCE, Phase, REC_CREATE_DEFAULTS, SESSION_LIMIT_STATUS,
  SessionStatus, SplitMode, THROUGH_MODE, TransferMode,
} from "../../provider/api/dialect";
import { snapshot } from "./copy-session";
import { BadRequest, Conflict, InvalidState, NotEquivalent, NotFound, SessionLimit } from "./errors";
import { CONCURRENT_SUSPEND_JOB_LATENCIES, FIRST_COPY_SESSION_ID } from "./sim-choices";
import { ArrayState, RecSession } from "./types";
import { World, lowestFree } from "./world";
import { getVolume } from "./volumes";
import { rescheduleSessionPath } from "./copy-link";
import { restartReplicating, reverseReplication, startReplication, stopReplicating } from "./replication";

export interface CreateRecInput {
  sourceVolumeId: number;
  destinationVolumeId: number;
  sourceBoxId: string;
  destinationBoxId: string;
  transferMode: string;
  splitMode?: string;
  recoveryMode?: string;
}

export function requireCopySession(world: World, array: ArrayState, id: number): RecSession {
  const s = world.sessionByView(array.name, id);
  if (!s) throw new NotFound("The specified copy session does not exist", "copysession_id");
  return s;
}

export type CopySessionOperation = "suspend" | "resume" | "reverse" | "patch" | "delete";

/** The creating array still has its view and a working copy path to `arrayName`. */
function creatorReachable(world: World, s: RecSession, arrayName: string): boolean {
  return s.creatorArray in s.views && world.isPathUp(s.creatorArray, arrayName);
}

/**
 * The session behind copysession_id `id` on `array`, if `array` may run `op` on it: the creating array
 * always; the other array only what dialect DESTINATION_SIDE_OPERATIONS allows.
 */
export function copySessionFor(world: World, array: ArrayState, id: number, op: CopySessionOperation, forced: boolean): RecSession {
  const s = requireCopySession(world, array, id);
  if (array.name === s.creatorArray && s.creatorArray in s.views) return s;
  const rule = DESTINATION_SIDE_OPERATIONS;
  const allowed = (rule.operations as readonly string[]).includes(op) && (forced || !rule.forcedOnly)
    && (!rule.onlyWhenCreatorUnreachable || !creatorReachable(world, s, array.name));
  if (!allowed) {
    throw new InvalidState(`Send this operation to the storage system that created the session (${world.sessionBoxId(s, s.creatorArray)}); `
      + `here only a forced ${rule.operations.join(" or a forced ")}${rule.onlyWhenCreatorUnreachable ? ", while that storage system is unreachable" : ""}`,
    "copysession_id");
  }
  return s;
}

function snap(world: World, s: RecSession) {
  return snapshot(s, world.now(), world.settings.copyRateMbps);
}

/** [M:dg-combo]: two Consistency copies from one source into one destination array are not allowed. */
function checkConsistencyPair(world: World, srcArray: string, srcVol: number, dstArray: string, except?: RecSession): void {
  for (const o of world.sessionsOfVolume(srcArray, srcVol)) {
    if (o !== except && o.srcArray === srcArray && o.srcVolumeId === srcVol && o.dstArray === dstArray && o.transferMode === TransferMode.Consistency) {
      throw new InvalidState("A Consistency session from this volume to the same array already exists", "transfer_mode");
    }
  }
}

/** POST /copysession/rec, sent to the SOURCE array (docs/unverified-points.md#row-15-rec-create-extras). */
export function createRec(world: World, array: ArrayState, i: CreateRecInput): RecSession {
  if (i.sourceBoxId.toUpperCase() !== array.boxId.toUpperCase()) {
    throw new BadRequest("The source must be this storage system", "source_boxid");
  }
  const dst = world.arrayByBoxId(i.destinationBoxId);
  if (!dst || dst === array) throw new BadRequest("The specified remote storage system is not registered", "destination_boxid");
  if (i.transferMode === THROUGH_MODE) throw new BadRequest("Invalid transfer mode", "transfer_mode");
  if (i.splitMode !== undefined && i.transferMode !== TransferMode.Synchronous) {
    throw new BadRequest("split_mode applies to Synchronous mode only", "split_mode");
  }
  const src = getVolume(array, i.sourceVolumeId, "source_volume_id");
  const dstVol = dst.volumes.get(i.destinationVolumeId);
  if (!dstVol) throw new BadRequest("The destination volume does not exist", "destination_volume_id");
  if (!array.remoteCopyAvailable || !dst.remoteCopyAvailable) throw new InvalidState("Remote copy is not available", "is_remote_copy_available");
  if (!world.isPathUp(array.name, dst.name)) throw new InvalidState("No copy path to the remote storage system", "destination_boxid");
  // [M:op-sync]: the mirror must be the same size as the business volume.
  if (dstVol.capacityMb !== src.capacityMb) throw new Conflict("Source and destination sizes differ", "destination_volume_id");
  const srcSessions = world.sessionsOfVolume(array.name, src.id);
  for (const o of srcSessions) {
    if (o.dstArray === dst.name && o.dstVolumeId === dstVol.id) {
      const e = new InvalidState("A session for this pair already exists", "destination_volume_id");
      if (e.status !== DUPLICATE_PAIR_STATUS) throw new Error("docs/unverified-points.md#row-15-rec-create-extras status drifted");
      throw e;
    }
    // Not modelled: cascades (a copy destination used as a source).
    if (o.dstArray === array.name && o.dstVolumeId === src.id) throw new InvalidState("The source volume is a copy destination", "source_volume_id");
  }
  if (world.sessionsOfVolume(dst.name, dstVol.id).length > 0) {
    throw new InvalidState("The destination volume is already in a copy session", "destination_volume_id");
  }
  if (srcSessions.length >= MAX_SESSIONS_PER_SOURCE) {
    const e = new SessionLimit(`At most ${MAX_SESSIONS_PER_SOURCE} sessions per source volume`, "source_volume_id");
    if (e.status !== SESSION_LIMIT_STATUS) throw new Error("docs/unverified-points.md#row-16-session-limit-per-source status drifted");
    throw e;
  }
  if (i.transferMode === TransferMode.Consistency) checkConsistencyPair(world, array.name, src.id, dst.name);
  const now = world.now();
  const s: RecSession = {
    key: world.nextSessionKey++,
    views: {},
    creatorArray: array.name,
    srcArray: array.name, srcVolumeId: src.id, dstArray: dst.name, dstVolumeId: dstVol.id,
    transferMode: i.transferMode,
    splitMode: i.transferMode === TransferMode.Synchronous ? (i.splitMode ?? REC_CREATE_DEFAULTS.split_mode) : SplitMode.Manual,
    recoveryMode: i.recoveryMode ?? REC_CREATE_DEFAULTS.recovery_mode,
    state: "active", totalMb: src.capacityMb, pendingMb: src.capacityMb, baseAt: now, trackedMb: 0,
    destUnusable: false, createdAt: now, boxIds: { [array.name]: array.boxId, [dst.name]: dst.boxId }, copiedMb: 0,
  };
  for (const a of [array, dst]) {
    const id = lowestFree(a.copySessions, FIRST_COPY_SESSION_ID);
    a.copySessions.set(id, s.key);
    s.views[a.name] = id;
  }
  world.sessions.set(s.key, s);
  startReplication(world, s);
  rescheduleSessionPath(world, s);
  return s;
}

function isOrphan(s: RecSession): boolean {
  return Object.keys(s.views).length < 2;
}

/**
 * [M:suspend]: normal needs Equivalent; forced works while copying and for Halt (manual recovery). `at` is
 * the request's acceptance instant: every session of one multi-suspend is recorded suspended at the same one.
 */
export function suspendRec(world: World, s: RecSession, forced: boolean, at = world.now()): void {
  const now = at;
  const cur = snap(world, s);
  if (s.state === "error") throw new InvalidState("A session in Error status cannot be suspended", "copysession_id");
  if (s.transferMode === THROUGH_MODE) throw new InvalidState("A session in Through mode cannot be suspended", "copysession_id");
  if (s.state === "suspend") throw new InvalidState("The session is already suspended", "copysession_id");
  // [M:suspend] lists "asynchronous stack, the phase is not equivalent" among what a suspend cannot specify,
  // forced or not (Halt aside: the manual asks for a forced suspend to recover a halted session).
  if (s.transferMode === TransferMode.Stack && s.state !== "halt" && cur.phase !== Phase.Equivalent) {
    throw new NotEquivalent("A session in asynchronous stack mode whose phase is not equivalent cannot be suspended", "copysession_id");
  }
  if (!forced) {
    if (s.state === "halt") throw new InvalidState("A halted session needs a forced suspend", "is_forced");
    if (cur.phase !== Phase.Equivalent) {
      throw new NotEquivalent("The session is not in the equivalent state; use a forced suspend", "is_forced");
    }
  }
  const wasEquivalent = cur.phase === Phase.Equivalent && s.state === "active";
  stopReplicating(world, s, "suspend");
  s.destUnusable = !wasEquivalent && s.pendingMb > 0;
  s.backupAt = now;
  s.suspendedAt = now;
  const concurrent = s.transferMode === TransferMode.Synchronous || s.transferMode === TransferMode.Consistency;
  s.suspendDoneAt = concurrent ? now + CONCURRENT_SUSPEND_JOB_LATENCIES * world.settings.jobLatencyMs : undefined;
}

function requireSuspended(world: World, s: RecSession, what: string): void {
  if (snap(world, s).status !== SessionStatus.Suspend) throw new InvalidState(`Suspend the session before ${what}`, "copysession_id");
}

/** [M:resume]: restart duplexing; copies only the changes since the suspend (destination writes lost). */
export function resumeRec(world: World, s: RecSession): void {
  requireSuspended(world, s, "resume");
  if (isOrphan(s)) throw new InvalidState("The session has no partner on the remote storage system", "copysession_id");
  if (!world.isPathUp(s.srcArray, s.dstArray)) throw new InvalidState("No copy path to the remote storage system", "copysession_id");
  restartReplicating(world, s);
}

export interface PatchInput {
  transfer_mode?: string;
  split_mode?: string;
  recovery_mode?: string;
}

/**
 * [M:rec-patch]: suspended sessions only; split_mode only for Synchronous; Synchronous -> asynchronous
 * sets split_mode Manual. The simulator accepts several fields in one body (the client sends one,
 * docs/unverified-points.md#row-17-one-field-per-patch); a body that contradicts itself is 400, a field that contradicts the session is 409.
 */
export function patchRec(world: World, s: RecSession, p: PatchInput): void {
  if (p.transfer_mode === undefined && p.split_mode === undefined && p.recovery_mode === undefined) {
    throw new BadRequest("Specify at least one setting", "transfer_mode");
  }
  if (p.transfer_mode === THROUGH_MODE) throw new BadRequest("Through mode cannot be set", "transfer_mode");
  requireSuspended(world, s, "changing it");
  const mode = p.transfer_mode ?? s.transferMode;
  if (p.split_mode !== undefined && mode !== TransferMode.Synchronous) {
    if (p.transfer_mode !== undefined) throw new BadRequest("split_mode applies to Synchronous mode only", "split_mode");
    throw new InvalidState("split_mode applies to Synchronous mode only", "split_mode");
  }
  if (mode === TransferMode.Consistency && s.transferMode !== TransferMode.Consistency) {
    checkConsistencyPair(world, s.srcArray, s.srcVolumeId, s.dstArray, s);
  }
  if (s.transferMode === TransferMode.Synchronous && mode !== TransferMode.Synchronous) s.splitMode = SplitMode.Manual;
  s.transferMode = mode;
  if (p.split_mode !== undefined) s.splitMode = p.split_mode;
  if (p.recovery_mode !== undefined) s.recoveryMode = p.recovery_mode;
}

/** [M:reverse]: suspended sessions only; swaps source and destination on both arrays. */
export function reverseRec(world: World, s: RecSession): void {
  requireSuspended(world, s, "reversing it");
  if (isOrphan(s)) throw new InvalidState("The session has no partner on the remote storage system", "copysession_id");
  reverseReplication(world, s);
  [s.srcArray, s.srcVolumeId, s.dstArray, s.dstVolumeId] = [s.dstArray, s.dstVolumeId, s.srcArray, s.srcVolumeId];
  s.destUnusable = false;
}

/**
 * [M:cs-delete]: normal delete only in phase Equivalent and never for Consistency; forced always. A forced
 * delete with the copy path down removes only this array's view: the remote keeps a leftover to delete there.
 */
export function deleteRec(world: World, array: ArrayState, s: RecSession, forced: boolean): void {
  if (!forced) {
    if (s.transferMode === TransferMode.Consistency) throw new InvalidState("A Consistency session can only be force-deleted", "is_forced");
    const cur = snap(world, s);
    if (cur.status !== SessionStatus.Active || cur.phase !== Phase.Equivalent) {
      throw new NotEquivalent("The session is not in the equivalent state; use a forced delete", "is_forced");
    }
  }
  const holders = Object.keys(s.views);
  const pathUp = world.isPathUp(s.srcArray, s.dstArray);
  const remove = pathUp ? holders : [array.name];
  for (const name of remove) world.dropView(s, name);
  if (world.sessions.has(s.key) && s.state !== "halt") {
    // The leftover cannot reach its partner: it reads Halt until deleted there.
    stopReplicating(world, s, "halt");
  }
  rescheduleSessionPath(world, s); // a session gone from the path frees its share
}

