/**
 * Host I/O, driven by the admin API: writes that name their content, digests of what a volume holds, and
 * the older size-only writes and reads. REC rules [M:rec-post, M:suspend, Design Guide]: the destination of
 * a session that is not suspended cannot be written or read; a Synchronous session halted in Equivalent with
 * split mode Manual refuses writes to its source; a volume on an array that is down cannot be written.
 */
import { Phase, SplitMode, TransferMode } from "../../provider/api/dialect";
import { destinationReadable, rebase, track } from "./copy-session";
import { BlockRange, blockCount, blocksOf, checkRange, digest, writeRange } from "./content";
import { rescheduleSessionPath } from "./copy-link";
import { BadRequest, InvalidState } from "./errors";
import { HOST_WRITE_SERVICE_MS, MAX_WRITE_BLOCKS_PER_REQUEST } from "./sim-choices";
import { destinationIncomplete, replicateWrite, trackChange } from "./replication";
import { ArrayState, RecSession } from "./types";
import { getVolume } from "./volumes";
import { World } from "./world";

function isSourceOf(s: RecSession, array: ArrayState, volumeId: number): boolean {
  return s.srcArray === array.name && s.srcVolumeId === volumeId;
}

/** Refuse the write before anything changes (the manual's rules above). */
function checkWritable(world: World, array: ArrayState, volumeId: number): RecSession[] {
  if (!world.isUp(array.name)) throw new InvalidState("The storage system is down", "array");
  getVolume(array, volumeId);
  const sessions = world.sessionsOfVolume(array.name, volumeId);
  for (const s of sessions) {
    const isSource = isSourceOf(s, array, volumeId);
    if (!isSource && s.state !== "suspend") throw new InvalidState("The volume is an REC destination and cannot be written", "volume_id");
    if (isSource && s.state === "halt" && s.transferMode === TransferMode.Synchronous && s.splitMode === SplitMode.Manual && s.stoppedPhase === Phase.Equivalent) {
      throw new InvalidState("Write refused: the Synchronous session halted with split mode Manual", "volume_id");
    }
  }
  return sessions;
}

/**
 * Size-only host writes of `mb` MB (no content). Source of a duplexing session: Synchronous copies at once,
 * Stack/Consistency add to the uncopied data. Suspended or halted: tracking data (both sides [M:suspend]).
 */
export function hostWrite(world: World, array: ArrayState, volumeId: number, mb: number): number {
  const sessions = checkWritable(world, array, volumeId);
  const now = world.now();
  const rate = world.settings.copyRateMbps;
  for (const s of sessions) {
    if (s.state === "active") {
      if (s.transferMode === TransferMode.Synchronous) continue;
      rebase(s, now, rate);
      s.pendingMb = Math.min(s.totalMb, s.pendingMb + mb);
      rescheduleSessionPath(world, s);
    } else if (s.state === "suspend" || s.state === "halt") {
      track(s, mb);
    }
  }
  return sessions.length;
}

export interface CopyRef {
  array: string;
  volume_id: number;
  copysession_id?: number;
  transfer_mode?: string;
  /** What the acknowledgement waited for this copy: the path's round trip for Synchronous, else 0. */
  wait_ms?: number;
}

/** Where one write went: the copies that hold it now, those it is on its way to, and those tracking it. */
export interface WriteResult {
  reached: CopyRef[];
  queued: CopyRef[];
  tracked: CopyRef[];
  /** Until the host got the acknowledgement: the array's own service time plus the longest wait above. */
  latency_ms: number;
}

/** A host write of `range` with content `writeId` [sim]; see replication.ts for how it travels. */
export function hostWriteBlocks(world: World, array: ArrayState, volumeId: number, range: BlockRange, writeId: string): WriteResult {
  if (range.count > MAX_WRITE_BLOCKS_PER_REQUEST) {
    throw new BadRequest(`A write request covers at most ${MAX_WRITE_BLOCKS_PER_REQUEST} blocks (MAX_WRITE_BLOCKS_PER_REQUEST); split it`, "count");
  }
  const sessions = checkWritable(world, array, volumeId);
  checkRange(getVolume(array, volumeId), range);
  writeRange(blocksOf(array, volumeId), range, writeId);
  const out: WriteResult = { reached: [{ array: array.name, volume_id: volumeId }], queued: [], tracked: [], latency_ms: HOST_WRITE_SERVICE_MS };
  let waited = 0;
  for (const s of sessions) {
    const isSource = isSourceOf(s, array, volumeId);
    const other: CopyRef = isSource
      ? { array: s.dstArray, volume_id: s.dstVolumeId, copysession_id: s.views[array.name] }
      : { array: s.srcArray, volume_id: s.srcVolumeId, copysession_id: s.views[array.name] };
    if (s.state === "active") {
      // Synchronous REC answers the host after the remote array acknowledged, also while still copying.
      const wait = s.transferMode === TransferMode.Synchronous ? world.rttMs(s.srcArray, s.dstArray) : 0;
      waited = Math.max(waited, wait);
      out[replicateWrite(world, s, range, writeId)].push({ ...other, transfer_mode: s.transferMode, wait_ms: wait });
    } else if (s.state === "suspend" || s.state === "halt") {
      trackChange(world, s, isSource ? "source" : "destination", range);
      track(s, range.count);
      out.tracked.push(other);
    }
  }
  out.latency_ms = HOST_WRITE_SERVICE_MS + waited;
  return out;
}

export interface VolumeDigest {
  array: string;
  volume_id: number;
  blocks: number;
  digest: string;
  written_blocks: number;
  range?: { block: number; count: number; digest: string; written_blocks: number };
  /** The volume is an REC destination holding an inconsistent copy [M:suspend]. */
  incomplete: boolean;
  /** A host could read it now: its array is up and it is not a destination that is still duplexing. */
  host_readable: boolean;
}

/** What a volume holds (an oracle for tests: it answers even when a host could not read). */
export function volumeDigest(world: World, array: ArrayState, volumeId: number, range?: BlockRange): VolumeDigest {
  const v = getVolume(array, volumeId);
  if (range) checkRange(v, range);
  let incomplete = false;
  let readable = world.isUp(array.name);
  for (const s of world.sessionsOfVolume(array.name, volumeId)) {
    if (isSourceOf(s, array, volumeId)) continue;
    if (destinationIncomplete(world, s)) incomplete = true;
    if (!destinationReadable(s, world.now())) readable = false;
  }
  const content = array.content.get(volumeId);
  const whole = digest(content);
  const out: VolumeDigest = {
    array: array.name, volume_id: volumeId, blocks: blockCount(v), digest: whole.digest, written_blocks: whole.writtenBlocks,
    incomplete, host_readable: readable,
  };
  if (range) {
    const part = digest(content, range);
    out.range = { block: range.start, count: range.count, digest: part.digest, written_blocks: part.writtenBlocks };
  }
  return out;
}

/** A size-only host read: refused on a destination that is not suspended and complete [M:rec-post]. */
export function hostRead(world: World, array: ArrayState, volumeId: number): void {
  getVolume(array, volumeId);
  for (const s of world.sessionsOfVolume(array.name, volumeId)) {
    const isDest = s.dstArray === array.name && s.dstVolumeId === volumeId;
    if (isDest && !destinationReadable(s, world.now())) {
      throw new InvalidState("The REC destination cannot be read until the session is suspended", "volume_id");
    }
  }
}
