/**
 * The fastest a workload can run over one copy path, from the simulator's settings alone [sim]: the round
 * trip a Synchronous write waits for, and the copy rate that carries the data to the destination. A test or
 * a capacity plan compares a measured run with it; the simulator never runs slower than its own settings say.
 * The bound is for one session alone on the path; others copying at the same time share its bandwidth.
 */
import { TransferMode } from "../../provider/api/dialect";
import { BadRequest } from "./errors";
import { CONTENT_BLOCK_MB, HOST_WRITE_SERVICE_MS } from "./sim-choices";
import { shareMbps } from "./copy-link";
import { World, pathKey } from "./world";

export interface Workload {
  /** Host writes, each of `blocks` blocks, at most `queueDepth` outstanding at a time. */
  writes: number;
  blocks: number;
  queueDepth: number;
  transferMode: string;
}

export interface WorkloadBound {
  rtt_ms: number;
  copy_rate_mbps: number;
  write_latency_ms: number;
  /** Until the host has every acknowledgement. */
  host_seconds: number;
  /** Until the destination holds every write (the copy has carried all the data). */
  destination_seconds: number;
}

export function workloadBound(world: World, a: string, b: string, w: Workload): WorkloadBound {
  if (!Object.values(TransferMode).includes(w.transferMode as never)) throw new BadRequest("Unknown transfer mode", "transfer_mode");
  const rtt = world.rttMs(a, b);
  // One session alone on the path: the copy rate, under the path's bandwidth and per-session ceiling.
  const rate = shareMbps(world.settings.copyRateMbps, world.pathLimits.get(pathKey(a, b)) ?? {}, 1);
  const sync = w.transferMode === TransferMode.Synchronous;
  const latency = HOST_WRITE_SERVICE_MS + (sync ? rtt : 0);
  const latencyBound = (Math.ceil(w.writes / w.queueDepth) * latency) / 1000;
  const copyBound = (w.writes * w.blocks * CONTENT_BLOCK_MB) / rate;
  return {
    rtt_ms: rtt,
    copy_rate_mbps: rate,
    write_latency_ms: latency,
    // A Synchronous write is acknowledged only once copied, so the host waits for the copy too.
    host_seconds: sync ? Math.max(latencyBound, copyBound) : latencyBound,
    destination_seconds: Math.max(latencyBound, copyBound + rtt / 2000),
  };
}
