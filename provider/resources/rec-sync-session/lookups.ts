/**
 * RecSyncSession identity and lookups: is the session behind an id still OURS (ids are reused by the
 * array), the session of a volume pair (adopt, lost responses) and the peer view on the destination array.
 */
import type { CallOptions, CopySession, EternusClient, VolumeCopySessions } from "../../client/types";
import { BackupType, enumEquals, idFromHref, REC_SESSION_TYPE, sameSessionIdentity } from "../../api/dialect";
import { sweptRead } from "../common/read-sweep";

/**
 * Identity (docs/unverified-points.md, docs/unverified-points.md#row-13-session-identity): the id in state still names OUR session only if type, local volume, remote box and the
 * peer's session id match (ids are reused after deletion). Without a recorded peer id, the first three.
 */
export function isOurSession(s: CopySession, o: SessionKey): boolean {
  // The remote volume names the pair too: a reused id may join our business volume to another volume.
  const remoteHref = s.is_local_source_volume === false ? s.source_volume_href : s.destination_volume_href;
  if (o.destinationVolumeId !== undefined && remoteHref !== undefined && idFromHref(remoteHref) !== o.destinationVolumeId) return false;
  if (typeof o.remoteCopySessionId === "number") {
    return sameSessionIdentity(s, { sourceVolumeId: o.sourceVolumeId, remoteBoxId: o.destinationBoxId, remoteCopySessionId: o.remoteCopySessionId });
  }
  if (!enumEquals(s.type, REC_SESSION_TYPE)) return false;
  const localHref = s.is_local_source_volume === false ? s.destination_volume_href : s.source_volume_href;
  return idFromHref(localHref) === o.sourceVolumeId && String(s.remote_boxid ?? "").toUpperCase() === o.destinationBoxId.toUpperCase();
}

/** What names our session: the pair's volumes, the remote box and (once known) the peer's session id. */
export interface SessionKey {
  sourceVolumeId: number;
  destinationBoxId: string;
  destinationVolumeId?: number;
  remoteCopySessionId?: number;
}

/** The session in state on the source array, or undefined when gone (404 or the id now names another). */
export async function ourSession(
  client: EternusClient,
  o: SessionKey & { copySessionId: number },
  opts?: CallOptions,
): Promise<CopySession | undefined> {
  const s = await client.getCopySession(o.copySessionId, opts);
  return s && isOurSession(s, o) ? s : undefined;
}

/**
 * ourSession for refresh: many reads close together share one sweep of GET /copysession (common/read-sweep.ts);
 * the identity check is the same.
 */
export async function ourSessionForRefresh(
  client: EternusClient,
  now: () => number,
  o: SessionKey & { copySessionId: number },
  opts: CallOptions,
): Promise<CopySession | undefined> {
  const s = await sweptRead("copysession", {
    client, now, list: (x) => client.listCopySessions(x), idOf: (c) => c.copysession_id, single: (id, x) => client.getCopySession(id, x),
  }, o.copySessionId, opts);
  return s && isOurSession(s, o) ? s : undefined;
}

/**
 * The REC session between (source array, sourceVolumeId) and (destination box, destinationVolumeId), seen
 * from the source array, in either direction (GET /volume/{id}/copysession [M:vol-cs]). Used to adopt and
 * to make create idempotent after a lost response.
 */
export async function findPairSession(
  client: EternusClient, sourceVolumeId: number, destinationBoxId: string, destinationVolumeId: number, opts?: CallOptions,
  /** The source volume's GET /volume/{id}/copysession when the caller has just read it. */
  known?: VolumeCopySessions,
): Promise<CopySession | undefined> {
  const vcs = known ?? (await client.getVolumeCopySessions(sourceVolumeId, opts));
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
  return s && isOurSession(s, { sourceVolumeId, destinationBoxId, destinationVolumeId }) ? s : undefined;
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
    // The local volume of a view is its destination when is_local_source_volume is false (docs/unverified-points.md#row-11-remote-destination-fields).
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
