/**
 * What a simulated array accepts for each dialect row with alternative forms (provider/api/dialect.ts
 * DIALECT_TABLE), so tests can play an array that speaks another dialect than the provider's default. Given
 * a dialect (the probe's dialect file, or DEFAULT_DIALECT), the array accepts the chosen form ONLY and answers
 * any other candidate with a 400 naming the parameter, before anything is done: that is how a real array
 * answers a parameter it does not know [M:error], and the 400 the client's one-time fallback keys on.
 *
 * Pure: reads a request's query and parsed body, returns values or throws BadRequest. The HTTP handlers call
 * it (simulator/http/copy-sessions.ts, jobs.ts); with DEFAULT_DIALECT it accepts exactly what they accept today.
 */
import {
  DEFAULT_DIALECT, DIALECT_TABLE, Dialect, DialectPoint, ForcedForm, JobDeleteForm, MAX_REGISTERED_JOBS, MultiSuspendForm, PatchForm, RecCreateForm,
} from "../../provider/api/dialect";
import { parseDialectFile } from "../../provider/api/dialect-file";
import { BadRequest } from "./errors";
import type { ArrayDialectSetting, ArrayState } from "./types";

/** The parts of a request this module reads (the http layer's Ctx has both). */
export interface DialectRequest {
  query: URLSearchParams;
  /** Parsed JSON body; undefined when there is none. */
  body: unknown;
}

export interface SimDialect {
  readonly dialect: Dialect;
  /** Single suspend (row 2) / single delete (row 1): the forced flag, or 400 for another form. */
  forced(point: "forcedSuspend" | "forcedDelete", req: DialectRequest): boolean;
  /** Multi-suspend (row 3): the session ids and the forced flag (in row 2's form). */
  multiSuspend(req: DialectRequest): { ids: number[]; forced: boolean };
  /** DELETE /job (row 7): the job ids. */
  jobDeleteIds(req: DialectRequest): number[];
  /** Row 15: whether POST /copysession/rec takes split_mode and recovery_mode. */
  readonly recCreateExtras: boolean;
  /** Row 17: the most fields one PATCH may carry (Infinity: any number). */
  readonly patchMaxFields: number;
}

const MAX_IDS = 1024;

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new BadRequest("Invalid value: the body must be an object", "body");
  return body as Record<string, unknown>;
}

/** Refuse every query parameter except `allowed`, naming the first other one. */
function onlyQuery(query: URLSearchParams, allowed: readonly string[]): void {
  for (const key of query.keys()) if (!allowed.includes(key)) throw new BadRequest("Unknown parameter", key);
}

/** Refuse every body member except `allowed`, naming the first other one. */
function onlyMembers(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) if (!allowed.includes(key)) throw new BadRequest("Unknown parameter", key);
}

/** A JSON boolean in a body; "true"/"false" in a query string. */
function asBool(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  throw new BadRequest("Invalid value: expected true or false", field);
}
function queryBool(raw: string | null, field: string): boolean {
  if (raw === null) return false;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new BadRequest("Invalid value: expected true or false", field);
}

/** 1..max integer ids (session ids are never negative; job ids are checked against the array's jobs later). */
function idList(value: unknown, field: string, max = MAX_IDS, min = 0): number[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max
    || !value.every((v) => typeof v === "number" && Number.isInteger(v) && v >= min)) {
    throw new BadRequest(`Invalid value: expected 1..${max} integer ids`, field);
  }
  return value as number[];
}

function formParts(form: ForcedForm): { where: "body" | "query"; name: string } {
  const [where, name] = form.split(":") as ["body" | "query", string];
  return { where, name };
}

/** The forced flag in `form`, with `otherBodyMembers` also allowed in the body (multi-suspend's list). */
function readForced(form: ForcedForm, req: DialectRequest, otherBodyMembers: readonly string[] = []): boolean {
  const { where, name } = formParts(form);
  const body = bodyObject(req.body);
  if (where === "body") {
    onlyQuery(req.query, []);
    onlyMembers(body, [...otherBodyMembers, name]);
    return asBool(body[name], name);
  }
  onlyQuery(req.query, [name]);
  onlyMembers(body, otherBodyMembers);
  return queryBool(req.query.get(name), name);
}

const MULTI_MEMBER: Record<MultiSuspendForm, string> = {
  "body:copysession_id_list": "copysession_id_list",
  "body:copysession_href_list": "copysession_href_list",
  "body:copysession_list": "copysession_list",
};

function multiIds(form: MultiSuspendForm, value: unknown): number[] {
  const field = MULTI_MEMBER[form];
  if (form === "body:copysession_id_list") return idList(value, field);
  if (!Array.isArray(value)) throw new BadRequest("Invalid value: expected a list", field);
  const raw = form === "body:copysession_href_list"
    ? value.map((h) => (typeof h === "string" ? /^\/api\/v1\/copysession\/(\d+)$/.exec(h)?.[1] : undefined))
    : value.map((o) => (o && typeof o === "object" ? (o as Record<string, unknown>).copysession_id : undefined));
  return idList(raw.map((v) => (typeof v === "string" ? Number(v) : v)), field);
}

function jobIds(form: JobDeleteForm, req: DialectRequest): number[] {
  const body = bodyObject(req.body);
  if (form === "body:job_id_list") {
    onlyQuery(req.query, []);
    onlyMembers(body, ["job_id_list"]);
    if (body.job_id_list === undefined) throw new BadRequest("A request body is required", "job_id_list");
    return idList(body.job_id_list, "job_id_list", MAX_REGISTERED_JOBS, -Infinity);
  }
  onlyQuery(req.query, ["job_id"]);
  onlyMembers(body, []);
  const raw = req.query.get("job_id");
  if (raw === null) throw new BadRequest("A required parameter is missing", "job_id");
  return idList(raw.split(",").map((s) => (/^-?\d+$/.test(s) ? Number(s) : s)), "job_id", MAX_REGISTERED_JOBS, -Infinity);
}

/**
 * The simulated array's behaviour for a dialect. `pinned` are the points a dialect file named: row 17 is the
 * provider's safe choice, not an array rule, so only a PINNED "one-field-per-request" limits PATCH to one
 * field (the unpinned default accepts several, as the PATCH page reads [M:rec-patch]).
 */
export function simDialectOf(dialect: Dialect = DEFAULT_DIALECT, pinned: ReadonlySet<DialectPoint> = new Set()): SimDialect {
  const patchForm: PatchForm = dialect.patchFields;
  const recForm: RecCreateForm = dialect.recCreate;
  return {
    dialect,
    forced: (point, req) => readForced(dialect[point], req),
    multiSuspend: (req) => {
      const member = MULTI_MEMBER[dialect.multiSuspend];
      const forced = readForced(dialect.forcedSuspend, req, [member]);
      const body = bodyObject(req.body);
      if (body[member] === undefined) throw new BadRequest("A required parameter is missing", member);
      return { ids: multiIds(dialect.multiSuspend, body[member]), forced };
    },
    jobDeleteIds: (req) => jobIds(dialect.jobDelete, req),
    recCreateExtras: recForm === "with-extras",
    patchMaxFields: patchForm === "one-field-per-request" && pinned.has("patchFields") ? 1 : Infinity,
  };
}

/** A dialect file's text as an array's setting (`--dialect FILE`, PUT /sim/v1/dialect); throws Error naming the problem. */
export function dialectSettingFromFile(text: string): ArrayDialectSetting {
  const r = parseDialectFile(text);
  if ("problem" in r) throw new Error(`dialect file: ${r.problem}`);
  const pinned = (Object.keys(DIALECT_TABLE) as DialectPoint[])
    .filter((point) => r.file.rows[String(DIALECT_TABLE[point].row)]?.form !== undefined);
  return { forms: r.dialect, pinned };
}

/** A dialect file's text as the simulator's behaviour; throws Error naming the problem. */
export function simDialectFromFile(text: string): SimDialect {
  const s = dialectSettingFromFile(text);
  return simDialectOf(s.forms, new Set(s.pinned));
}

const DEFAULT_SIM_DIALECT = simDialectOf();

/** What this array accepts: its dialect setting, or the default dialect. The HTTP handlers ask this. */
export function simDialectOfArray(array: Pick<ArrayState, "dialect">): SimDialect {
  return array.dialect ? simDialectOf(array.dialect.forms, new Set(array.dialect.pinned)) : DEFAULT_SIM_DIALECT;
}
