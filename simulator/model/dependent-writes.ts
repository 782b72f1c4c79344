/**
 * A dependent-write workload [sim]: the host of a database writing data block k on volume A and, only after
 * that write is acknowledged, log record k on volume B (then C ...). One global order over N volumes of one
 * array: write g goes to volume g mod N as record floor(g / N), on block record mod `blocks`, with content
 * id `wl<id>:<g>` (write-order-oracle.ts reads it back).
 *
 * Driven by the model clock, never by timers: `advanceWorkloads` issues every write that is due by now, in
 * order; the HTTP server calls it before each request and model tests call it after moving the clock. A due
 * write is issued at that instant (the model cannot go back in time), so between two looks the writes land
 * together, in order, while the sessions are as they were: nothing changes a session between two requests.
 * A write the array refuses (array down, a Synchronous session with split mode Manual halted) is not
 * acknowledged: the writer stalls there, as a database would, and never issues a write that depends on it.
 */
import { blockCount } from "./content";
import { BadRequest, NotFound, SimError } from "./errors";
import { hostWriteBlocks } from "./host-io";
import { WORKLOAD_DEFAULTS, WORKLOAD_MAX_CATCH_UP_WRITES, WORKLOAD_MAX_WRITES_PER_REQUEST } from "./sim-choices";
import { getVolume } from "./volumes";
import { World } from "./world";

export type WorkloadState = "running" | "stopped" | "stalled";

export interface Workload {
  id: number;
  array: string;
  /** The write order: record k goes to volumeIds[0], then [1], ... */
  volumeIds: number[];
  intervalMs: number;
  /** Records cycle over blocks 0..blocks-1 of every volume. */
  blocks: number;
  /**
   * Writes issued before every request an array takes, on top of the clock's pace (0: none). Two requests
   * then never see the same content, whatever the clock's resolution: N single suspends sent one after
   * another freeze N different points of the write order (with at least 2N per request, always inconsistent).
   */
  writesPerRequest: number;
  state: WorkloadState;
  startedAt: number;
  /** When the next write is due. */
  nextAt: number;
  /** Global sequence number of the next write; every write before it was acknowledged. */
  nextSeq: number;
  stoppedAt?: number;
  /** Why the writer stalled: the refused write and the array's message. */
  stall?: { seq: number; error_code: string; message: string };
}

export interface WorkloadSpec {
  array: string;
  volumeIds: number[];
  intervalMs?: number;
  blocks?: number;
  writesPerRequest?: number;
}

/** Where write `seq` of a workload goes. */
export interface PlannedWrite {
  seq: number;
  volumeIndex: number;
  volumeId: number;
  record: number;
  block: number;
  writeId: string;
}

interface Registry {
  nextId: number;
  workloads: Map<number, Workload>;
}

/** Workloads live with their world (a reset makes a new world, so they go with it); not in the state file. */
const registries = new WeakMap<World, Registry>();

function registryOf(world: World): Registry {
  let r = registries.get(world);
  if (!r) {
    r = { nextId: 1, workloads: new Map() };
    registries.set(world, r);
  }
  return r;
}

export function writeIdOf(workloadId: number, seq: number): string {
  return `wl${workloadId}:${seq}`;
}

/** The sequence number in a content id, if it is a write of this workload. */
export function seqOfWriteId(workloadId: number, writeId: string | undefined): number | undefined {
  const prefix = `wl${workloadId}:`;
  if (!writeId?.startsWith(prefix)) return undefined;
  const seq = Number(writeId.slice(prefix.length));
  return Number.isInteger(seq) && seq >= 0 ? seq : undefined;
}

export function plannedWrite(w: Workload, seq: number): PlannedWrite {
  const n = w.volumeIds.length;
  const volumeIndex = seq % n;
  const record = Math.floor(seq / n);
  return { seq, volumeIndex, volumeId: w.volumeIds[volumeIndex]!, record, block: record % w.blocks, writeId: writeIdOf(w.id, seq) };
}

export function startWorkload(world: World, spec: WorkloadSpec): Workload {
  const array = world.arrays.get(spec.array);
  if (!array) throw new BadRequest("Unknown array", "array");
  if (spec.volumeIds.length < 2) throw new BadRequest("A dependent-write workload needs at least two volumes", "volume_ids");
  if (new Set(spec.volumeIds).size !== spec.volumeIds.length) throw new BadRequest("Each volume may appear once", "volume_ids");
  const smallest = Math.min(...spec.volumeIds.map((id) => blockCount(getVolume(array, id, "volume_ids"))));
  const blocks = spec.blocks ?? Math.min(WORKLOAD_DEFAULTS.blocks, smallest);
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > smallest) throw new BadRequest(`blocks must be 1..${smallest}`, "blocks");
  const intervalMs = spec.intervalMs ?? WORKLOAD_DEFAULTS.intervalMs;
  if (!(intervalMs > 0)) throw new BadRequest("interval_ms must be positive", "interval_ms");
  const writesPerRequest = spec.writesPerRequest ?? 0;
  if (!Number.isInteger(writesPerRequest) || writesPerRequest < 0 || writesPerRequest > WORKLOAD_MAX_WRITES_PER_REQUEST) {
    throw new BadRequest(`writes_per_request must be 0..${WORKLOAD_MAX_WRITES_PER_REQUEST}`, "writes_per_request");
  }
  const reg = registryOf(world);
  const now = world.now();
  const w: Workload = {
    id: reg.nextId++, array: array.name, volumeIds: [...spec.volumeIds], intervalMs, blocks, writesPerRequest,
    state: "running", startedAt: now, nextAt: now, nextSeq: 0,
  };
  reg.workloads.set(w.id, w);
  advanceWorkload(world, w);
  return w;
}

export function getWorkload(world: World, id: number): Workload {
  const w = registryOf(world).workloads.get(id);
  if (!w) throw new NotFound("No such workload", "id");
  return w;
}

export function listWorkloads(world: World): Workload[] {
  return [...registryOf(world).workloads.values()];
}

/** Stop writing (after catching up with the clock); a stalled writer stays stalled. */
export function stopWorkload(world: World, id: number): Workload {
  const w = getWorkload(world, id);
  advanceWorkload(world, w);
  if (w.state === "running") {
    w.state = "stopped";
    w.stoppedAt = world.now();
  }
  return w;
}

/**
 * Issue, in order, every write of this workload due by now, then `extra` more (a request's own writes);
 * stop at the first one refused.
 */
function advanceWorkload(world: World, w: Workload, extra = 0): void {
  const now = world.now();
  const array = world.arrays.get(w.array);
  let issued = 0;
  let owed = extra;
  while (w.state === "running" && (w.nextAt <= now || owed > 0)) {
    if (!array) {
      w.nextAt = now + w.intervalMs;
      return;
    }
    if (w.nextAt <= now && issued === WORKLOAD_MAX_CATCH_UP_WRITES) {
      w.nextAt = now + w.intervalMs; // skip the rest of the gap; the request's own writes still follow
      continue;
    }
    const due = w.nextAt <= now;
    const p = plannedWrite(w, w.nextSeq);
    try {
      const r = hostWriteBlocks(world, array, p.volumeId, { start: p.block, count: 1 }, p.writeId);
      // Acknowledged: the next write may depend on it.
      w.nextSeq++;
      if (due) {
        w.nextAt += Math.max(w.intervalMs, r.latency_ms);
        issued++;
      } else owed--;
    } catch (e) {
      if (!(e instanceof SimError)) throw e;
      w.state = "stalled";
      w.stall = { seq: p.seq, error_code: e.errorCode, message: e.message };
    }
  }
}

/**
 * Catch every running workload up with the clock. The HTTP server calls it before each request with
 * `{ request: true }` (each workload then also issues its `writesPerRequest`); model tests after moving the clock.
 */
export function advanceWorkloads(world: World, o: { request?: boolean } = {}): void {
  const reg = registries.get(world);
  if (!reg) return;
  for (const w of reg.workloads.values()) advanceWorkload(world, w, o.request ? w.writesPerRequest : 0);
}

/** The admin view of a workload. */
export function renderWorkload(w: Workload): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: w.id, array: w.array, volume_ids: w.volumeIds, interval_ms: w.intervalMs, blocks: w.blocks, writes_per_request: w.writesPerRequest, state: w.state,
    started_at: w.startedAt, acknowledged_writes: w.nextSeq,
    last_acknowledged: w.nextSeq === 0 ? null : renderWrite(plannedWrite(w, w.nextSeq - 1)),
  };
  if (w.stoppedAt !== undefined) out.stopped_at = w.stoppedAt;
  if (w.stall) out.stall = w.stall;
  return out;
}

export function renderWrite(p: PlannedWrite): Record<string, unknown> {
  return { seq: p.seq, volume_id: p.volumeId, record: p.record, block: p.block, write_id: p.writeId };
}
