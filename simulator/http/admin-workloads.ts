/**
 * Admin dependent-write workloads under /sim/v1/workloads and their write-order oracle (simulator/README.md
 * "Dependent writes and the write-order oracle"). Model: dependent-writes.ts, write-order-oracle.ts.
 */
import { z } from "zod";
import { getWorkload, listWorkloads, renderWorkload, startWorkload, stopWorkload } from "../model/dependent-writes";
import { BadRequest } from "../model/errors";
import { judgeWriteOrder } from "../model/write-order-oracle";
import { Ctx, Reply, intParam, namedArray, ok, parseBody } from "./context";
import { checkQuery, listParam } from "./query";

const Start = z.object({
  array: z.string().min(1).optional(),
  volume_ids: z.array(z.number().int().min(0)).min(2).max(64),
  interval_ms: z.number().positive().optional(),
  blocks: z.number().int().min(1).optional(),
  writes_per_request: z.number().int().min(0).optional(),
}).strict();

/** Start a writer on volumes of `array` (default this one), in the order given. */
export function start(ctx: Ctx): Reply {
  const b = parseBody(Start, ctx);
  const array = namedArray(ctx, b.array, "array");
  return ok(renderWorkload(startWorkload(ctx.world, { array: array.name, volumeIds: b.volume_ids, intervalMs: b.interval_ms, blocks: b.blocks, writesPerRequest: b.writes_per_request })));
}

export function list(ctx: Ctx): Reply {
  checkQuery(ctx.query, []);
  return ok({ workloads: listWorkloads(ctx.world).map(renderWorkload) });
}

export function get(ctx: Ctx): Reply {
  checkQuery(ctx.query, []);
  return ok(renderWorkload(getWorkload(ctx.world, intParam(ctx, "id"))));
}

export function stop(ctx: Ctx): Reply {
  parseBody(z.object({}).strict(), ctx, true);
  return ok(renderWorkload(stopWorkload(ctx.world, intParam(ctx, "id"))));
}

/**
 * ?volumes=<id>,<id>,... : one copy per workload volume, in its order, "-" to leave one out; on ?array=
 * (default this array).
 */
export function oracle(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["array", "volumes"]);
  const w = getWorkload(ctx.world, intParam(ctx, "id"));
  const array = namedArray(ctx, ctx.query.get("array") ?? undefined, "array");
  const volumes = listParam(ctx.query, "volumes");
  if (!volumes) throw new BadRequest("Name the copies: volumes=<id>,<id>,...", "volumes");
  const copies = volumes.map((v) => {
    if (v === "-") return undefined;
    if (!/^\d{1,15}$/.test(v)) throw new BadRequest("Invalid integer", "volumes");
    return { array: array.name, volumeId: Number(v) };
  });
  return ok(judgeWriteOrder(ctx.world, w, copies));
}
