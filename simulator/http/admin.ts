/**
 * Control plane under /sim/v1 (never /api/v1), same Bearer auth; every call is synchronous and answers
 * 200 with JSON (docs/architecture.md). Host I/O is in admin-host-io.ts, copy paths and site outages in
 * admin-sites.ts; users is an extra beyond the architecture table (see the README).
 */
import { z } from "zod";
import { expireAllTokens } from "../model/auth";
import { dialectSettingFromFile } from "../model/dialect-choice";
import { changeSettings, overloadDestination } from "../model/environment";
import { BadRequest } from "../model/errors";
import { pruneFaults } from "../model/faults";
import { worldToJson } from "../model/persist";
import { newAccount } from "../model/passwords";
import { MAX_URL_BYTES } from "../model/sim-choices";
import { Ctx, Reply, ok, parseBody } from "./context";

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

const Drop = z.object({
  count: z.number().int().min(1),
  method: z.enum(["GET", "POST", "PATCH", "DELETE"]).optional(),
  /** Faults apply to /api/v1 only, so a prefix outside it could never match. */
  path_prefix: z.string().max(MAX_URL_BYTES).regex(/^\/api\/v1(\/|$)/, "must start with /api/v1").optional(),
}).strict();

/** The next `count` requests matching method and path prefix run, then lose their response. */
export function faultDrop(ctx: Ctx): Reply {
  const b = parseBody(Drop, ctx);
  pruneFaults(ctx.array, ctx.world.now());
  ctx.array.faults.push({ kind: "drop", remaining: b.count, method: b.method, pathPrefix: b.path_prefix });
  return ok({ faults: ctx.array.faults });
}

export function clearFaults(ctx: Ctx): Reply {
  ctx.array.faults = [];
  return ok({ faults: [] });
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
  rec_create_extras: z.boolean().optional(),
}).strict();

/** Speeds are world-wide; remote_copy_available is this array's license ([M:system]). */
export function settings(ctx: Ctx): Reply {
  const b = parseBody(SettingsBody, ctx);
  const patch: { copyRateMbps?: number; jobLatencyMs?: number } = {};
  if (b.copy_rate_mbps !== undefined) patch.copyRateMbps = b.copy_rate_mbps;
  if (b.job_latency_ms !== undefined) patch.jobLatencyMs = b.job_latency_ms;
  changeSettings(ctx.world, patch);
  if (b.remote_copy_available !== undefined) ctx.array.remoteCopyAvailable = b.remote_copy_available;
  if (b.rec_create_extras !== undefined) ctx.array.recCreateExtras = b.rec_create_extras;
  const s = ctx.world.settings;
  return ok({ copy_rate_mbps: s.copyRateMbps, job_latency_ms: s.jobLatencyMs, remote_copy_available: ctx.array.remoteCopyAvailable, rec_create_extras: ctx.array.recCreateExtras !== false });
}

/**
 * PUT /sim/v1/dialect: this array speaks the dialect of the body (a dialect file, the probe's format);
 * DELETE /sim/v1/dialect: back to the default dialect. Answers the forms in force.
 */
export function putDialect(ctx: Ctx): Reply {
  try {
    ctx.array.dialect = dialectSettingFromFile(JSON.stringify(ctx.body ?? null));
  } catch (e) {
    throw new BadRequest(`Invalid value: ${(e as Error).message}`, "body");
  }
  return ok({ dialect: ctx.array.dialect.forms, pinned: ctx.array.dialect.pinned });
}

export function deleteDialect(ctx: Ctx): Reply {
  delete ctx.array.dialect;
  return ok({ dialect: null });
}

/** The world as saved, plus who is logged in; never a token or a password hash, even to the admin API. */
export function world(ctx: Ctx): Reply {
  const j = worldToJson(ctx.world);
  return ok({
    ...j,
    users: [...ctx.world.users.values()].map((u) => ({ name: u.name, authList: u.authList, simAdmin: u.simAdmin ?? false })),
    arrays: j.arrays.map((a) => ({
      ...a,
      authSessions: [...ctx.world.array(a.name).authSessions.values()].map((s) => ({ id: s.id, user: s.user, tokenExpiresAt: s.tokenExpiresAt })),
    })),
  });
}

const Reset = z.object({ seed: z.boolean().optional() }).strict();

/** Back to the start state; logins, users and speeds are kept so the caller's token stays valid. */
export function reset(ctx: Ctx): Reply {
  const b = parseBody(Reset, ctx, true);
  ctx.env.reset(b.seed ?? true);
  return ok({ reset: true });
}

const Users = z
  .object({ user_name: z.string().min(1), password: z.string().min(1), auth_list: z.array(z.string()).optional(), sim_admin: z.boolean().optional() })
  .strict();

/** Add or replace an account (world-wide), e.g. a second user for job visibility or a user without privileges. */
export function users(ctx: Ctx): Reply {
  const b = parseBody(Users, ctx);
  ctx.world.users.set(b.user_name, newAccount(b.user_name, b.password, { authList: b.auth_list, simAdmin: b.sim_admin }));
  return ok({ user_name: b.user_name });
}
