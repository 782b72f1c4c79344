/**
 * Control plane under /sim/v1 (never /api/v1), same Bearer auth; every call is synchronous and answers
 * 200 with JSON (docs/architecture.md). Extra endpoints beyond the architecture table: writes, reads,
 * digests, users, site outages (see the README).
 */
import { z } from "zod";
import { expireAllTokens } from "../model/auth";
import { changeSettings, overloadDestination, setCopyPath } from "../model/environment";
import { hostRead, hostWrite, hostWriteBlocks, volumeDigest } from "../model/host-io";
import { BadRequest, InvalidState } from "../model/errors";
import { pruneFaults } from "../model/faults";
import { worldToJson } from "../model/persist";
import { FULL_AUTH_LIST } from "../model/sim-choices";
import { restoreArray, takeArrayDown } from "../model/site-outage";
import { ArrayState } from "../model/types";
import { Ctx, Reply, intParam, ok, parseBody } from "./context";
import { checkQuery, intQuery } from "./query";

const Unavailable = z.union([
  z.object({ count: z.number().int().min(1) }).strict(),
  z.object({ probability: z.number().min(0).max(1), duration_ms: z.number().int().min(1).optional() }).strict(),
]);

export function faultUnavailable(ctx: Ctx): Reply {
  const b = parseBody(Unavailable, ctx);
  const now = ctx.world.now();
  pruneFaults(ctx.array, now);
  if ("count" in b) ctx.array.faults.push({ kind: "unavailable", remaining: b.count });
  else ctx.array.faults.push({ kind: "unavailable", probability: b.probability, until: b.duration_ms ? now + b.duration_ms : undefined });
  return ok({ faults: ctx.array.faults });
}

const Drop = z.object({ count: z.number().int().min(1), method: z.string().optional(), path: z.string().optional() }).strict();

export function faultDrop(ctx: Ctx): Reply {
  const b = parseBody(Drop, ctx);
  if (b.path !== undefined) {
    try { new RegExp(b.path); } catch { throw new BadRequest("Invalid regular expression", "path"); }
  }
  pruneFaults(ctx.array, ctx.world.now());
  ctx.array.faults.push({ kind: "drop", remaining: b.count, method: b.method, path: b.path });
  return ok({ faults: ctx.array.faults });
}

export function clearFaults(ctx: Ctx): Reply {
  ctx.array.faults = [];
  return ok({ faults: [] });
}

const CopyPath = z.object({ peer: z.string().min(1), up: z.boolean() }).strict();

export function copyPath(ctx: Ctx): Reply {
  const b = parseBody(CopyPath, ctx);
  const peer = ctx.world.arrayByNameOrBoxId(b.peer);
  if (!peer || peer === ctx.array) throw new BadRequest("Unknown peer array", "peer");
  const affected = setCopyPath(ctx.world, ctx.array.name, peer.name, b.up);
  return ok({ peer: peer.name, up: b.up, affected_sessions: affected });
}

const Overload = z.object({ volume_id: z.number().int().optional() }).strict();

export function overload(ctx: Ctx): Reply {
  const b = parseBody(Overload, ctx, true);
  return ok({ affected_sessions: overloadDestination(ctx.world, ctx.array, b.volume_id) });
}

export function expireTokens(ctx: Ctx): Reply {
  expireAllTokens(ctx.world, ctx.array);
  return ok({ expired: true });
}

const SettingsBody = z.object({
  copy_rate_mbps: z.number().positive().optional(),
  job_latency_ms: z.number().int().min(0).optional(),
  remote_copy_available: z.boolean().optional(),
}).strict();

/** Speeds are world-wide; remote_copy_available is this array's license ([M:system]). */
export function settings(ctx: Ctx): Reply {
  const b = parseBody(SettingsBody, ctx);
  const patch: { copyRateMbps?: number; jobLatencyMs?: number } = {};
  if (b.copy_rate_mbps !== undefined) patch.copyRateMbps = b.copy_rate_mbps;
  if (b.job_latency_ms !== undefined) patch.jobLatencyMs = b.job_latency_ms;
  changeSettings(ctx.world, patch);
  if (b.remote_copy_available !== undefined) ctx.array.remoteCopyAvailable = b.remote_copy_available;
  const s = ctx.world.settings;
  return ok({ copy_rate_mbps: s.copyRateMbps, job_latency_ms: s.jobLatencyMs, remote_copy_available: ctx.array.remoteCopyAvailable });
}

export function world(ctx: Ctx): Reply {
  const j = worldToJson(ctx.world);
  // Never hand out secrets, even to the admin API.
  return ok({
    ...j,
    users: j.users.map((u) => ({ name: u.name, authList: u.authList })),
    arrays: j.arrays.map((a) => ({ ...a, authSessions: a.authSessions.map((s) => ({ id: s.id, user: s.user, tokenExpiresAt: s.tokenExpiresAt })) })),
  });
}

const Reset = z.object({ seed: z.boolean().optional() }).strict();

/** Back to the start state; logins, users and speeds are kept so the caller's token stays valid. */
export function reset(ctx: Ctx): Reply {
  const b = parseBody(Reset, ctx, true);
  ctx.env.reset(b.seed ?? true);
  return ok({ reset: true });
}

const SizeOnlyWrites = z.object({ volume_id: z.number().int(), mb: z.number().positive() }).strict();
const ContentWrites = z.object({
  array: z.string().min(1).optional(),
  volume_id: z.number().int(),
  block: z.number().int().min(0),
  count: z.number().int().min(1).optional(),
  write_id: z.string().min(1).max(200),
}).strict();

/** An array named in a body or path (name or box id), 400 when unknown. */
function namedArray(ctx: Ctx, ref: string | undefined, factor: string): ArrayState {
  if (ref === undefined) return ctx.array;
  const a = ctx.world.arrayByNameOrBoxId(decodeURIComponent(ref));
  if (!a) throw new BadRequest("Unknown array", factor);
  return a;
}

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

const Reads = z.object({ volume_id: z.number().int() }).strict();

/** Host read: 409 on an REC destination that is not suspended yet. */
export function reads(ctx: Ctx): Reply {
  const b = parseBody(Reads, ctx);
  hostRead(ctx.world, ctx.array, b.volume_id);
  return ok({ volume_id: b.volume_id, readable: true });
}

const Users = z.object({ user_name: z.string().min(1), password: z.string().min(1), auth_list: z.array(z.string()).optional() }).strict();

/** Add or replace an account (world-wide), e.g. a second user for job visibility or a user without privileges. */
export function users(ctx: Ctx): Reply {
  const b = parseBody(Users, ctx);
  ctx.world.users.set(b.user_name, { name: b.user_name, password: b.password, authList: b.auth_list ?? [...FULL_AUTH_LIST] });
  return ok({ user_name: b.user_name });
}
