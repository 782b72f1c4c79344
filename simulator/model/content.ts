/**
 * What volumes hold [sim]: sparse blocks (block -> id of the host write that last wrote it), so a 128 TB
 * volume that was never written costs nothing. Digests make two volumes comparable without listing blocks.
 */
import { createHash } from "node:crypto";
import { BadRequest } from "./errors";
import { CONTENT_BLOCK_MB } from "./sim-choices";
import { ArrayState, VolumeBlocks, VolumeRec } from "./types";

export function blockCount(v: VolumeRec): number {
  return Math.floor(v.capacityMb / CONTENT_BLOCK_MB);
}

/** The content of a volume, created empty on first use. */
export function blocksOf(array: ArrayState, volumeId: number): VolumeBlocks {
  let b = array.content.get(volumeId);
  if (!b) {
    b = new Map();
    array.content.set(volumeId, b);
  }
  return b;
}

export interface BlockRange {
  start: number;
  count: number;
}

/** A range inside the volume, 400 otherwise (factor names the field). */
export function checkRange(v: VolumeRec, r: BlockRange): BlockRange {
  const n = blockCount(v);
  if (!Number.isInteger(r.start) || r.start < 0 || r.start >= n) throw new BadRequest(`block must be 0..${n - 1}`, "block");
  if (!Number.isInteger(r.count) || r.count < 1 || r.start + r.count > n) throw new BadRequest(`count must be 1..${n - r.start}`, "count");
  return r;
}

export function writeRange(blocks: VolumeBlocks, r: BlockRange, writeId: string): void {
  for (let b = r.start; b < r.start + r.count; b++) blocks.set(b, writeId);
}

/** Blocks of `blocks` inside the range, in block order; iterates the written blocks, not the range. */
function entriesIn(blocks: VolumeBlocks | undefined, r?: BlockRange): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const e of blocks ?? []) if (!r || (e[0] >= r.start && e[0] < r.start + r.count)) out.push(e);
  return out.sort((x, y) => x[0] - y[0]);
}

/** sha256 over "block:writeId" lines; equal digests = equal content. An empty volume has the digest of "". */
export function digest(blocks: VolumeBlocks | undefined, r?: BlockRange): { digest: string; writtenBlocks: number } {
  const h = createHash("sha256");
  const entries = entriesIn(blocks, r);
  for (const [b, w] of entries) h.update(`${b}:${w}\n`);
  return { digest: h.digest("hex"), writtenBlocks: entries.length };
}
