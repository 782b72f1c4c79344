/** What a handler receives and returns; handlers only parse, validate, call the model and render. */
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { jobHref } from "../../provider/api/dialect";
import { JobResult, createJob } from "../model/jobs";
import { BadRequest } from "../model/errors";
import { ArrayState, AuthSession, JobRec } from "../model/types";
import { World } from "../model/world";

export interface ServerEnv {
  world: World;
  log: (line: string) => void;
  /** Called after every request that may have changed the world (state file). */
  onChange: () => void;
  /** Reset the world in place (admin). */
  reset: (seed: boolean) => void;
  /** Open or close the arrays' ports after a change of site outages (endpoints.ts). */
  syncEndpoints: () => Promise<void>;
  /** Keep a request to a black-holed array unanswered. */
  holdRequest: (arrayName: string, req: IncomingMessage) => void;
}

export interface Ctx {
  env: ServerEnv;
  world: World;
  array: ArrayState;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Parsed JSON body, undefined when the request had none. */
  body: unknown;
  /** Set on every route except login. */
  auth: AuthSession;
}

export interface Reply {
  status: number;
  body?: unknown;
}

/** Handlers are synchronous except where the work must leave the event loop (password checks). */
export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export function ok(body: unknown): Reply {
  return { status: 200, body };
}

/** 202 Accepted with the job [M:jobmgmt]. */
export function accepted(job: JobRec): Reply {
  return { status: 202, body: { job_id: job.id, job_href: jobHref(job.id) } };
}

/** Validate a body with zod; the first issue becomes "Description (field)" [M:error]. */
export function parseBody<T extends z.ZodType>(schema: T, ctx: Ctx, allowEmpty = false): z.infer<T> {
  const body = ctx.body === undefined && allowEmpty ? {} : ctx.body;
  if (body === undefined) throw new BadRequest("A request body is required", "body");
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  let field = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") field = (issue as { keys: string[] }).keys.join(",");
  if (!field) field = "body";
  const what = issue.code === "unrecognized_keys" ? "Unknown parameter" : `Invalid value: ${issue.message}`;
  throw new BadRequest(what, field);
}

/** Integer path parameter; anything else is an invalid URI (400). */
export function intParam(ctx: Ctx, name: string): number {
  const raw = ctx.params[name] ?? "";
  if (!/^\d{1,15}$/.test(raw)) throw new BadRequest("Invalid URI parameter", name);
  return Number(raw);
}

/** Every request body of this API is an object; zod helpers shared by the handlers. */
export const int = () => z.number().int();
export const posInt = () => z.number().int().min(0);

/** "POST /api/v1/volume {...}" like the manual's job description [M:job-get]. */
export function describe(ctx: Ctx): string {
  return ctx.body === undefined ? `${ctx.method} ${ctx.path}` : `${ctx.method} ${ctx.path} ${JSON.stringify(ctx.body)}`;
}

/** Register the job of an accepted request (described as the request itself) and answer 202 with it. */
export function acceptJob(ctx: Ctx, r: Omit<JobResult, "description">): Reply {
  return accepted(createJob(ctx.world, ctx.array, ctx.auth.user, { description: describe(ctx), ...r }));
}

/** An array named in a body or path (name or box id), 400 when unknown. */
export function namedArray(ctx: Ctx, ref: string | undefined, factor: string): ArrayState {
  if (ref === undefined) return ctx.array;
  const a = ctx.world.arrayByNameOrBoxId(decodeURIComponent(ref));
  if (!a) throw new BadRequest("Unknown array", factor);
  return a;
}
