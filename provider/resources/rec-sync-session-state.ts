/**
 * RecSyncSession state helpers: outputs shape, observed state from a session view, identity checks and
 * the lookups by pair (for adopt and lost responses) and by peer (the view on the remote array).
 */
import type { CallOptions, CopySession, EternusClient } from "../client/types";
import { BackupType, enumEquals, idFromHref, REC_SESSION_TYPE, sameSessionIdentity } from "../api/dialect";
import { classifyStatus, type DesiredSession, type ObservedSession } from "./rec-sync-session-plan";
import type { Direction, RecSyncSessionInputs } from "./input-validation";
import { jsonPlain } from "./wait";

/** Outputs; also what diff/update/read/delete receive as `olds`/`props`. Mode fields are OBSERVED values. */
export interface RecSyncSessionOutputs {
  sourceArray: string;
  sourceVolumeId: number;
  destinationArray: string;
  destinationVolumeId: number;
  transferMode: string;
  splitMode?: string;
  recoveryMode: string;
  /** Observed: status Suspend. */
  suspended: boolean;
  /** Observed: Reverse when the session copies destination -> source. */
  direction: Direction;
  waitForEquivalent: boolean;
  timeoutSeconds: number;
  adopt: boolean;
  providerVersion?: string;
  resourceName?: string;
  copySessionId: number;
  remoteCopySessionId?: number;
  sourceBoxId: string;
  destinationBoxId: string;
  phase: string;
  status: string;
  progress?: number;
  errorCode?: string;
}

export function sessionLabel(n: Partial<RecSyncSessionInputs> | Partial<RecSyncSessionOutputs>): string {
  if (typeof n.resourceName === "string" && n.resourceName) return n.resourceName;
  return `${String(n.sourceArray)}:${String(n.sourceVolumeId)}->${String(n.destinationArray)}:${String(n.destinationVolumeId)}`;
}

export function directionOf(s: CopySession): Direction {
  return s.is_local_source_volume === false ? "Reverse" : "Forward";
}

export function observe(s: CopySession, fallback: { transferMode: string; recoveryMode: string }): ObservedSession {
  return {
    status: s.status ?? "",
    phase: s.phase ?? "",
    transferMode: s.transfer_mode ?? fallback.transferMode,
    splitMode: s.split_mode,
    recoveryMode: s.recovery_mode ?? fallback.recoveryMode,
    direction: directionOf(s),
    progress: typeof s.progress === "number" ? s.progress : undefined,
    errorCode: s.error_code,
  };
}

/** Observed state as recorded in outputs (diff works from old outputs only; older shapes tolerated). */
export function observedFromOutputs(o: Partial<RecSyncSessionOutputs>): ObservedSession {
  return {
    status: o.status ?? (o.suspended ? "Suspend" : "Active"),
    phase: o.phase ?? "",
    transferMode: o.transferMode ?? "Synchronous",
    splitMode: o.splitMode,
    recoveryMode: o.recoveryMode ?? "Automatic",
    direction: o.direction === "Reverse" ? "Reverse" : "Forward",
    progress: o.progress,
    errorCode: o.errorCode,
  };
}

export function desiredOf(n: RecSyncSessionInputs): DesiredSession {
  return {
    transferMode: n.transferMode,
    splitMode: n.transferMode === "Synchronous" ? n.splitMode ?? "Automatic" : undefined,
    recoveryMode: n.recoveryMode,
    suspended: n.suspended,
    direction: n.direction,
    waitForEquivalent: n.waitForEquivalent,
  };
}

/** Outputs from the declared inputs and a fresh view of the session on the source array. */
export function outputsOf(
  n: RecSyncSessionInputs,
  s: CopySession,
  boxes: { sourceBoxId: string; destinationBoxId: string },
): RecSyncSessionOutputs {
  const obs = observe(s, n);
  return jsonPlain({
    sourceArray: n.sourceArray,
    sourceVolumeId: n.sourceVolumeId,
    destinationArray: n.destinationArray,
    destinationVolumeId: n.destinationVolumeId,
    transferMode: obs.transferMode,
    // Asynchronous modes: the array reports Manual; not meaningful, so left out (splitMode is synchronous only).
    splitMode: enumEquals(obs.transferMode, "Synchronous") ? obs.splitMode : undefined,
    recoveryMode: obs.recoveryMode,
    suspended: classifyStatus(obs.status) === "suspended",
    direction: obs.direction,
    waitForEquivalent: n.waitForEquivalent,
    timeoutSeconds: n.timeoutSeconds,
    adopt: n.adopt,
    providerVersion: n.providerVersion,
    resourceName: n.resourceName,
    copySessionId: s.copysession_id,
    remoteCopySessionId: typeof s.remote_copysession_id === "number" ? s.remote_copysession_id : undefined,
    sourceBoxId: boxes.sourceBoxId,
    destinationBoxId: boxes.destinationBoxId,
    phase: obs.phase,
    status: obs.status,
    progress: obs.progress,
    errorCode: obs.errorCode,
  });
}

/** The inputs a refreshed state implies (read returns them so later diffs and refresh output are right). */
export function inputsFromOutputs(o: RecSyncSessionOutputs): Record<string, unknown> {
  return jsonPlain({
    sourceArray: o.sourceArray, sourceVolumeId: o.sourceVolumeId,
    destinationArray: o.destinationArray, destinationVolumeId: o.destinationVolumeId,
    transferMode: o.transferMode, splitMode: o.splitMode, recoveryMode: o.recoveryMode,
    suspended: o.suspended, direction: o.direction, waitForEquivalent: o.waitForEquivalent,
    timeoutSeconds: o.timeoutSeconds, adopt: o.adopt, providerVersion: o.providerVersion, resourceName: o.resourceName,
  });
}

/**
 * Dialect row 13: the id in state still names OUR session only if type, local volume, remote box and the
 * peer's session id match (ids are reused after deletion). Without a recorded peer id, the first three.
 */
export function isOurSession(s: CopySession, o: { sourceVolumeId: number; destinationBoxId: string; remoteCopySessionId?: number }): boolean {
  if (typeof o.remoteCopySessionId === "number") {
    return sameSessionIdentity(s, { sourceVolumeId: o.sourceVolumeId, remoteBoxId: o.destinationBoxId, remoteCopySessionId: o.remoteCopySessionId });
  }
  if (!enumEquals(s.type, REC_SESSION_TYPE)) return false;
  const localHref = s.is_local_source_volume === false ? s.destination_volume_href : s.source_volume_href;
  return idFromHref(localHref) === o.sourceVolumeId && String(s.remote_boxid ?? "").toUpperCase() === o.destinationBoxId.toUpperCase();
}

/** The session in state on the source array, or undefined when gone (404 or the id now names another). */
export async function ourSession(
  client: EternusClient,
  o: { copySessionId: number; sourceVolumeId: number; destinationBoxId: string; remoteCopySessionId?: number },
  opts?: CallOptions,
): Promise<CopySession | undefined> {
  const s = await client.getCopySession(o.copySessionId, opts);
  return s && isOurSession(s, o) ? s : undefined;
}

/**
 * The REC session between (source array, sourceVolumeId) and (destination box, destinationVolumeId), seen
 * from the source array, in either direction (GET /volume/{id}/copysession [M:vol-cs]). Used to adopt and
 * to make create idempotent after a lost response.
 */
export async function findPairSession(
  client: EternusClient, sourceVolumeId: number, destinationBoxId: string, destinationVolumeId: number, opts?: CallOptions,
): Promise<CopySession | undefined> {
  const vcs = await client.getVolumeCopySessions(sourceVolumeId, opts);
  if (!vcs) return undefined;
  const box = destinationBoxId.toUpperCase();
  let href: string | undefined;
  for (const b of vcs.backup_volume_list ?? []) {
    if (enumEquals(b.backup_type, BackupType.RemoteMirror) && String(b.destination_boxid ?? "").toUpperCase() === box
      && idFromHref(b.volume_href) === destinationVolumeId) href = b.copysession_href;
  }
  // Reversed: our source volume is now the copy destination of the mirror volume.
  if (!href && vcs.is_copy_destination_volume && String(vcs.source_boxid ?? "").toUpperCase() === box
    && idFromHref(vcs.source_volume_href) === destinationVolumeId) href = vcs.copysession_href;
  const id = idFromHref(href);
  if (id === undefined) return undefined;
  const s = await client.getCopySession(id, opts);
  return s && isOurSession(s, { sourceVolumeId, destinationBoxId }) ? s : undefined;
}

/**
 * The peer view of our session on the destination array: its local volume is destinationVolumeId and its
 * remote box is the source box. After a forced delete with the path down the leftover may have no
 * remote_copysession_id, so the volume is the key, with the recorded peer id as the fast path.
 */
export async function findPeerSession(
  client: EternusClient,
  o: { destinationVolumeId: number; sourceBoxId: string; sourceVolumeId: number; remoteCopySessionId?: number; copySessionId: number },
  opts?: CallOptions,
): Promise<CopySession | undefined> {
  const matches = (s: CopySession | undefined): s is CopySession => {
    if (!s || !enumEquals(s.type, REC_SESSION_TYPE)) return false;
    // The local volume of a view is its destination when is_local_source_volume is false (dialect row 11).
    const local = s.is_local_source_volume === false ? s.destination_volume_href : s.source_volume_href;
    const remote = s.is_local_source_volume === false ? s.source_volume_href : s.destination_volume_href;
    return idFromHref(local) === o.destinationVolumeId
      && (remote === undefined || idFromHref(remote) === o.sourceVolumeId)
      && String(s.remote_boxid ?? "").toUpperCase() === o.sourceBoxId.toUpperCase()
      && (s.remote_copysession_id === undefined || s.remote_copysession_id === o.copySessionId);
  };
  if (typeof o.remoteCopySessionId === "number") {
    const s = await client.getCopySession(o.remoteCopySessionId, opts);
    if (matches(s)) return s;
  }
  const vcs = await client.getVolumeCopySessions(o.destinationVolumeId, opts);
  if (!vcs) return undefined;
  const hrefs: (string | undefined)[] = [];
  if (vcs.is_copy_destination_volume) hrefs.push(vcs.copysession_href);
  for (const b of vcs.backup_volume_list ?? []) hrefs.push(b.copysession_href);
  for (const h of hrefs) {
    const id = idFromHref(h);
    if (id === undefined) continue;
    const s = await client.getCopySession(id, opts);
    if (matches(s)) return s;
  }
  return undefined;
}
