/**
 * Admin host I/O under /sim/v1: writes (with named content, or size only), reads, digests of what a volume
 * holds (simulator/README.md "Volume content").
 */
import { z } from "zod";
import { BadRequest } from "../model/errors";
import { hostRead, hostWrite, hostWriteBlocks, volumeDigest } from "../model/host-io";
import { Ctx, Reply, intParam, namedArray, ok, parseBody } from "./context";
import { checkQuery, intQuery } from "./query";

const SizeOnlyWrites = z.object({ volume_id: z.number().int(), mb: z.number().positive() }).strict();
const ContentWrites = z.object({
  array: z.string().min(1).optional(),
  volume_id: z.number().int(),
  block: z.number().int().min(0),
  count: z.number().int().min(1).optional(),
  write_id: z.string().min(1).max(200),
}).strict();

/**
 * Host writes. With `write_id`: blocks with named content, on `array` (default this one); the answer says
 * which copies the write reached, is queued to, or is tracked for. With `mb`: size only, on this array.
 */
export function writes(ctx: Ctx): Reply {
  if (ctx.body && typeof ctx.body === "object" && "mb" in ctx.body) {
    const b = parseBody(SizeOnlyWrites, ctx);
    return ok({ volume_id: b.volume_id, sessions: hostWrite(ctx.world, ctx.array, b.volume_id, b.mb) });
  }
  const b = parseBody(ContentWrites, ctx);
  const array = namedArray(ctx, b.array, "array");
  const count = b.count ?? 1;
  const r = hostWriteBlocks(ctx.world, array, b.volume_id, { start: b.block, count }, b.write_id);
  return ok({ array: array.name, volume_id: b.volume_id, block: b.block, count, write_id: b.write_id, ...r });
}

/** What a volume holds: digest of the whole volume and of ?block=&count= (count default 1). */
export function digest(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["block", "count"]);
  const array = namedArray(ctx, ctx.params.array, "array");
  const volumeId = intParam(ctx, "id");
  const block = intQuery(ctx.query, "block", 0, Number.MAX_SAFE_INTEGER);
  const count = intQuery(ctx.query, "count", 1, Number.MAX_SAFE_INTEGER);
  if (count !== undefined && block === undefined) throw new BadRequest("count needs block", "count");
  const range = block === undefined ? undefined : { start: block, count: count ?? 1 };
  return ok(volumeDigest(ctx.world, array, volumeId, range));
}

const Reads = z.object({ volume_id: z.number().int() }).strict();

/** Host read: 409 on an REC destination that is not suspended yet. */
export function reads(ctx: Ctx): Reply {
  const b = parseBody(Reads, ctx);
  hostRead(ctx.world, ctx.array, b.volume_id);
  return ok({ volume_id: b.volume_id, readable: true });
}
