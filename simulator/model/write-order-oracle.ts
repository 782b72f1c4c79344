/**
 * Is a set of copies write-order consistent for a dependent-write workload (dependent-writes.ts)? [sim]
 *
 * Copy i stands for the workload's volume i (same order). The set is consistent iff there is one cut c such
 * that every copy holds exactly the workload's writes to its volume with sequence number <= c (a prefix of
 * the global order): then no copy holds a write whose predecessor in the order is missing on its copy.
 * Per copy: the newest workload write it holds (last) fixes the prefix it claims; the blocks must hold
 * exactly that prefix's latest writes (no hole), and the cuts it allows run from last up to the write
 * before the next one to its volume. Consistent iff every copy is a hole-free prefix and the ranges meet.
 * Blocks holding content that is not the workload's (written before it started) are not judged.
 */
import { getVolume } from "./volumes";
import { PlannedWrite, Workload, plannedWrite, renderWrite, seqOfWriteId } from "./dependent-writes";
import { BadRequest } from "./errors";
import { World } from "./world";

export interface CopyRef {
  array: string;
  volumeId: number;
}

export interface CopyEvidence {
  array: string;
  volume_id: number;
  /** The workload volume this copy stands for. */
  source_volume_id: number;
  /** Newest workload write on the copy, null if none. */
  last_write: Record<string, unknown> | null;
  /** Cuts this copy allows: [lowest, highest] sequence number (-1 = before the first write). */
  cut_range: [number, number];
  /** Holds exactly a prefix of its volume's writes. */
  prefix: boolean;
  /** The first write the prefix needs that the copy lacks (a hole), or a write it should not hold. */
  mismatch?: { block: number; expected: string | null; found: string | null };
  /** suspendedAt of the REC session whose destination this copy is, if suspended. */
  suspended_at?: number;
}

export interface OracleVerdict {
  consistent: boolean;
  /** The common cut (the last write of the global order all copies agree on), null if there is none. */
  cut: number | null;
  /** Why not, in words (absent when consistent). */
  reason?: string;
  evidence: CopyEvidence[];
}

/** The write of the prefix up to `cut` that block `block` of volume `volumeIndex` holds last, if any. */
function expectedAt(w: Workload, volumeIndex: number, block: number, cut: number): PlannedWrite | undefined {
  const n = w.volumeIds.length;
  if (cut < volumeIndex) return undefined;
  const lastRecord = Math.floor((cut - volumeIndex) / n);
  if (lastRecord < block) return undefined;
  const record = block + w.blocks * Math.floor((lastRecord - block) / w.blocks);
  return plannedWrite(w, record * n + volumeIndex);
}

function judgeCopy(world: World, w: Workload, volumeIndex: number, ref: CopyRef): CopyEvidence {
  const array = world.arrays.get(ref.array);
  if (!array) throw new BadRequest("Unknown array", "array");
  getVolume(array, ref.volumeId, "volumes");
  const content = array.content.get(ref.volumeId);
  const found: Array<number | undefined> = [];
  let last = -1;
  for (let b = 0; b < w.blocks; b++) {
    const seq = seqOfWriteId(w.id, content?.get(b));
    found.push(seq);
    if (seq !== undefined) last = Math.max(last, seq);
  }
  const n = w.volumeIds.length;
  const evidence: CopyEvidence = {
    array: ref.array, volume_id: ref.volumeId, source_volume_id: w.volumeIds[volumeIndex]!,
    last_write: last < 0 ? null : renderWrite(plannedWrite(w, last)),
    cut_range: last < 0 ? [-1, volumeIndex - 1] : [last, last + n - 1], prefix: true,
  };
  for (let b = 0; b < w.blocks; b++) {
    const want = expectedAt(w, volumeIndex, b, last)?.seq;
    if (found[b] !== want && (found[b] !== undefined || want !== undefined)) {
      evidence.prefix = false;
      const id = (seq: number | undefined) => (seq === undefined ? null : plannedWrite(w, seq).writeId);
      evidence.mismatch = { block: b, expected: id(want), found: id(found[b]) };
      break;
    }
  }
  const session = world.sessionsOfVolume(ref.array, ref.volumeId).find((s) => s.dstArray === ref.array && s.dstVolumeId === ref.volumeId);
  if (session?.suspendedAt !== undefined) evidence.suspended_at = session.suspendedAt;
  return evidence;
}

/**
 * The verdict for `copies`, one per workload volume in the workload's order; `undefined` leaves that volume
 * out (a subset is consistent iff one cut fits the copies named).
 */
export function judgeWriteOrder(world: World, w: Workload, copies: Array<CopyRef | undefined>): OracleVerdict {
  if (copies.length !== w.volumeIds.length || copies.every((c) => c === undefined)) {
    throw new BadRequest(`Name one copy per workload volume (${w.volumeIds.length}, "-" for none), in the workload's order`, "volumes");
  }
  const evidence = copies.flatMap((c, i) => (c === undefined ? [] : [judgeCopy(world, w, i, c)]));
  const hole = evidence.find((e) => !e.prefix);
  if (hole) {
    return { consistent: false, cut: null, evidence, reason: `volume ${hole.volume_id} on ${hole.array} is not a prefix of its writes: block ${hole.mismatch!.block} holds ${hole.mismatch!.found ?? "nothing"}, the prefix needs ${hole.mismatch!.expected ?? "nothing"}` };
  }
  const ahead = evidence.reduce((x, y) => (y.cut_range[0] > x.cut_range[0] ? y : x));
  const behind = evidence.reduce((x, y) => (y.cut_range[1] < x.cut_range[1] ? y : x));
  if (ahead.cut_range[0] > behind.cut_range[1]) {
    const missing = plannedWrite(w, behind.cut_range[1] + 1);
    return {
      consistent: false, cut: null, evidence,
      reason: `volume ${ahead.volume_id} on ${ahead.array} holds write ${ahead.cut_range[0]} but volume ${behind.volume_id} on ${behind.array} lacks the earlier write ${missing.seq} (${missing.writeId})`,
    };
  }
  return { consistent: true, cut: ahead.cut_range[0], evidence };
}
