/**
 * Admin copy paths and sites under /sim/v1: a path down/up and its round-trip time, the workload bound it
 * implies, site outages and returns (simulator/README.md "Site outages").
 */
import { z } from "zod";
import { TransferMode } from "../../provider/api/dialect";
import { setPathLimits } from "../model/copy-link";
import { setCopyPath } from "../model/environment";
import { BadRequest, InvalidState } from "../model/errors";
import { workloadBound } from "../model/link-bounds";
import { restoreArray, takeArrayDown } from "../model/site-outage";
import { ArrayState } from "../model/types";
import { pathKey } from "../model/world";
import { Ctx, Reply, namedArray, ok, parseBody } from "./context";
import { checkQuery, intQuery } from "./query";

const CopyPath = z.object({
  peer: z.string().min(1),
  up: z.boolean().optional(),
  rtt_ms: z.number().min(0).max(10_000).optional(),
  /** null removes the limit. */
  bandwidth_mbps: z.number().positive().nullable().optional(),
  session_ceiling_mbps: z.number().positive().nullable().optional(),
}).strict();

function peerOf(ctx: Ctx, ref: string): ArrayState {
  const peer = ctx.world.arrayByNameOrBoxId(ref);
  if (!peer || peer === ctx.array) throw new BadRequest("Unknown peer array", "peer");
  return peer;
}

/**
 * The copy path to a peer: down/up, its round-trip time (what a Synchronous write waits for), the bandwidth
 * its copying sessions share and a per-session ceiling (copy-link.ts).
 */
export function copyPath(ctx: Ctx): Reply {
  const b = parseBody(CopyPath, ctx);
  if (Object.keys(b).length === 1) throw new BadRequest("Specify up, rtt_ms, bandwidth_mbps or session_ceiling_mbps", "up");
  const peer = peerOf(ctx, b.peer);
  const key = pathKey(ctx.array.name, peer.name);
  if (b.rtt_ms !== undefined) ctx.world.pathRttMs.set(key, b.rtt_ms);
  if (b.bandwidth_mbps !== undefined || b.session_ceiling_mbps !== undefined) {
    setPathLimits(ctx.world, key, { bandwidthMbps: b.bandwidth_mbps, sessionCeilingMbps: b.session_ceiling_mbps });
  }
  const affected = b.up === undefined ? 0 : setCopyPath(ctx.world, ctx.array.name, peer.name, b.up);
  const limits = ctx.world.pathLimits.get(key);
  return ok({
    peer: peer.name, up: ctx.world.isPathUp(ctx.array.name, peer.name), rtt_ms: ctx.world.rttMs(ctx.array.name, peer.name),
    bandwidth_mbps: limits?.bandwidthMbps ?? null, session_ceiling_mbps: limits?.sessionCeilingMbps ?? null,
    affected_sessions: affected,
  });
}

/** GET /sim/v1/workload-bound: the fastest a write workload can run to a peer, from the settings. */
export function workloadBoundHandler(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["peer", "writes", "blocks", "queue_depth", "transfer_mode"]);
  const peer = peerOf(ctx, ctx.query.get("peer") ?? "");
  const transferMode = ctx.query.get("transfer_mode") ?? TransferMode.Synchronous;
  return ok({
    peer: peer.name, transfer_mode: transferMode,
    ...workloadBound(ctx.world, ctx.array.name, peer.name, {
      writes: intQuery(ctx.query, "writes", 1, 1e12) ?? 1,
      blocks: intQuery(ctx.query, "blocks", 1, 1e12) ?? 1,
      queueDepth: intQuery(ctx.query, "queue_depth", 1, 1e6) ?? 1,
      transferMode,
    }),
  });
}

const Outage = z.object({ mode: z.enum(["refuse", "blackhole"]).optional() }).strict();

/** Site outage of another array (an array cannot answer for itself once it is down). */
export function outage(ctx: Ctx): Reply {
  const b = parseBody(Outage, ctx, true);
  const target = namedArray(ctx, ctx.params.name, "name");
  if (target === ctx.array) throw new InvalidState("Drive an array's outage from another array (or sim.outage())", "name");
  const mode = b.mode ?? "refuse";
  const halted = takeArrayDown(ctx.world, target.name, mode);
  return ok({ array: target.name, mode, halted_sessions: halted });
}

const Restore = z.object({ empty: z.boolean().optional() }).strict();

/** The array is back: as it was, or `empty` (a new array, new box id, same name and port). */
export function restore(ctx: Ctx): Reply {
  const b = parseBody(Restore, ctx, true);
  const target = namedArray(ctx, ctx.params.name, "name");
  const r = restoreArray(ctx.world, target.name, { empty: b.empty ?? false });
  return ok({ array: target.name, boxid: r.boxId, empty: b.empty ?? false, recovered_sessions: r.recovered, leftover_sessions: r.leftovers });
}
