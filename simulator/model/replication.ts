/**
 * REC moves content, not only megabytes [sim]. Each session has a FIFO of transfers (the initial copy, host
 * writes of asynchronous modes, resynchronisation after a suspend or halt); a transfer reaches the
 * destination when the session's transferred MB (copy-session.ts transferredAt, driven by the copy rate)
 * pass the position it was queued at. Nothing runs on timers: deliveries are settled when content is looked
 * at or the session changes state, so the result does not depend on when anyone looks.
 *
 * While not duplexing (Suspend, Halt) both sides record which blocks they changed [M:suspend]; resume copies
 * the union from the source, so destination writes made meanwhile are discarded [M:resume].
 */
import { TransferMode } from "../../provider/api/dialect";
import { rebase, restart, stop, transferredAt, uncopiedAt } from "./copy-session";
import { BlockRange, blocksOf } from "./content";
import { rescheduleSessionPath } from "./copy-link";
import { RecSession, Replication, Transfer, VolumeBlocks } from "./types";
import { World } from "./world";

/** Float slack when comparing transferred MB with a queue position. */
const EPSILON_MB = 1e-6;

export function replicationOf(world: World, s: RecSession): Replication {
  let r = world.replication.get(s.key);
  if (!r) {
    r = { queue: [], changedAtSource: new Set(), changedAtDestination: new Set(), incomplete: false };
    world.replication.set(s.key, r);
  }
  return r;
}

/** Content of one side, undefined when that array no longer is the one the session was made with. */
function sideBlocks(world: World, s: RecSession, side: "source" | "destination"): VolumeBlocks | undefined {
  const [arrayName, volumeId] = side === "source" ? [s.srcArray, s.srcVolumeId] : [s.dstArray, s.dstVolumeId];
  if (!world.sessionVolume(s, arrayName, volumeId)) return undefined;
  return blocksOf(world.array(arrayName), volumeId);
}

/** Queue a transfer behind everything already uncopied (pendingMb already includes its size). */
function enqueue(world: World, s: RecSession, t: Omit<Transfer, "atMb">): void {
  rebase(s, world.now(), world.settings.copyRateMbps);
  replicationOf(world, s).queue.push({ ...t, atMb: (s.copiedMb ?? 0) + s.pendingMb });
}

/** Just created: the whole source is copied once the initial copy drains. */
export function startReplication(world: World, s: RecSession): void {
  const src = sideBlocks(world, s, "source");
  enqueue(world, s, { blocks: new Map(src ?? []), whole: true, bulk: true });
}

function apply(dst: VolumeBlocks, t: Transfer): void {
  if (t.whole) dst.clear();
  for (const [b, w] of t.blocks) {
    if (w === undefined) dst.delete(b);
    else dst.set(b, w);
  }
}

/** Deliver every transfer the copy has passed. */
export function settle(world: World, s: RecSession): void {
  const r = world.replication.get(s.key);
  if (!r || r.queue.length === 0) return;
  const done = transferredAt(s, world.now(), world.settings.copyRateMbps) + EPSILON_MB;
  const dst = sideBlocks(world, s, "destination");
  while (r.queue.length > 0 && r.queue[0]!.atMb <= done) {
    const t = r.queue.shift()!;
    if (dst) apply(dst, t);
    if (t.bulk) r.incomplete = false;
  }
}

/** Every block a pending transfer would change: they differ between the two sides. */
function foldQueueIntoChanges(world: World, s: RecSession, r: Replication): void {
  for (const t of r.queue) {
    for (const b of t.blocks.keys()) r.changedAtSource.add(b);
    if (t.whole) for (const b of sideBlocks(world, s, "destination")?.keys() ?? []) r.changedAtSource.add(b);
  }
  r.queue = [];
}

/** Leave duplexing (suspend, halt, error). A bulk copy cut off leaves the destination inconsistent. */
export function stopReplicating(world: World, s: RecSession, to: "suspend" | "halt" | "error"): void {
  settle(world, s);
  stop(s, to, world.now(), world.settings.copyRateMbps);
  const r = replicationOf(world, s);
  if (r.queue.some((t) => t.bulk)) r.incomplete = true;
  rescheduleSessionPath(world, s); // the others on the path speed up
}

/**
 * Duplex again (resume, automatic recovery): what is still queued goes on, then the blocks either side
 * changed meanwhile, with the source's content.
 */
export function restartReplicating(world: World, s: RecSession): void {
  settle(world, s);
  restart(s, world.now());
  const r = replicationOf(world, s);
  const changed = new Set([...r.changedAtSource, ...r.changedAtDestination]);
  r.changedAtSource.clear();
  r.changedAtDestination.clear();
  if (changed.size > 0) {
    const src = sideBlocks(world, s, "source");
    const blocks = new Map<number, string | undefined>();
    for (const b of [...changed].sort((x, y) => x - y)) blocks.set(b, src?.get(b));
    enqueue(world, s, { blocks, whole: false, bulk: true });
  }
  rescheduleSessionPath(world, s);
}

/** Reverse: what was in flight becomes "changed", then the roles of the change sets swap. */
export function reverseReplication(world: World, s: RecSession): void {
  const r = replicationOf(world, s);
  foldQueueIntoChanges(world, s, r);
  [r.changedAtSource, r.changedAtDestination] = [r.changedAtDestination, r.changedAtSource];
  r.incomplete = false;
}

/** A host write while not duplexing: remember the blocks on the side written. */
export function trackChange(world: World, s: RecSession, side: "source" | "destination", range: BlockRange): void {
  const set = side === "source" ? replicationOf(world, s).changedAtSource : replicationOf(world, s).changedAtDestination;
  for (let b = range.start; b < range.start + range.count; b++) set.add(b);
}

/** How a host write on the source of a duplexing session travels. */
export function replicateWrite(world: World, s: RecSession, range: BlockRange, writeId: string): "reached" | "queued" {
  settle(world, s);
  const now = world.now();
  const r = replicationOf(world, s);
  const inSync = s.transferMode === TransferMode.Synchronous && r.queue.length === 0
    && uncopiedAt(s, now, world.settings.copyRateMbps) === 0;
  const blocks = new Map<number, string | undefined>();
  for (let b = range.start; b < range.start + range.count; b++) blocks.set(b, writeId);
  if (inSync) {
    // Synchronous and Equivalent: the destination has it before the host gets the acknowledgement.
    const dst = sideBlocks(world, s, "destination");
    if (dst) apply(dst, { blocks, whole: false, bulk: false, atMb: 0 });
    return "reached";
  }
  rebase(s, now, world.settings.copyRateMbps);
  s.pendingMb = Math.min(s.totalMb, s.pendingMb + range.count);
  enqueue(world, s, { blocks, whole: false, bulk: false });
  rescheduleSessionPath(world, s);
  return "queued";
}

/** The destination holds an inconsistent copy: cut off mid-copy, or a (re)synchronisation still running. */
export function destinationIncomplete(world: World, s: RecSession): boolean {
  settle(world, s);
  const r = world.replication.get(s.key);
  return s.destUnusable || (r !== undefined && (r.incomplete || r.queue.some((t) => t.bulk)));
}
