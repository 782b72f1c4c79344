/**
 * The ETERNUS REST dialect: every point the manual (c140-0052) leaves open, as ONE module.
 *
 * Each entry is tagged with its row in docs/unverified-points.md and is a project choice
 * ([P]) until checked on a real array. The provider's client and the simulator both read these constants,
 * so a check against real hardware is corrected here and nowhere else. No other file hard-codes these
 * strings, body shapes or status codes.
 *
 * Plain data and pure functions only: this module is required at call time by the serialized provider and
 * must never hold state.
 */

/** Row 21 and docs/rest-api.md#transport-and-authentication: default management port when an endpoint URL gives none. */
export const DEFAULT_PORT = 5665;
/** Base path of every documented endpoint [M:session-post]. */
export const API_BASE = "/api/v1";

// ---------------------------------------------------------------------------------------------------------
// Rows 1 and 2: forced delete and forced suspend. The manual says both exist but shows no parameter.
// Choice: a JSON body {"is_forced": true}; no body means a normal (non-forced) request.
// ---------------------------------------------------------------------------------------------------------
export const FORCED_FIELD = "is_forced";
export function forcedBody(forced: boolean): Record<string, unknown> | undefined {
  return forcedPart(FORCED_FORMS[0], forced).body;
}

// Row 3: body of the multi-suspend form POST /copysession/suspend (unused by the client).
export const MULTI_SUSPEND_LIST_FIELD = "copysession_id_list";

// ---------------------------------------------------------------------------------------------------------
// Row 4: phases. Manual: Equivalent, Copying, Copying_and_Tracking. Added: Tracking (suspended).
// ---------------------------------------------------------------------------------------------------------
export const Phase = {
  Copying: "Copying",
  Equivalent: "Equivalent",
  Tracking: "Tracking",
  CopyingAndTracking: "Copying_and_Tracking",
  // Known to Fujitsu's own driver code but not to the manual: a session not paired yet / being prepared.
  // Listed so that they read as known not-ready phases (isSettledPhase is false for them), not as typos.
  NoPair: "No_Pair",
  Readying: "Readying",
} as const;

// ---------------------------------------------------------------------------------------------------------
// Row 5: session statuses. Manual: Active, Error, Reserved. Added: Suspend, Halt (path lost / buffer
// overload; phase kept). Compare with normalizeEnum so "Error_Suspend" reads as Error.
// ---------------------------------------------------------------------------------------------------------
export const SessionStatus = {
  Active: "Active",
  Suspend: "Suspend",
  Halt: "Halt",
  Error: "Error",
  Reserved: "Reserved",
} as const;

/** Row 5: compare enumerations case-insensitively, ignoring "_" and spaces. */
export function normalizeEnum(value: unknown): string {
  return typeof value === "string" ? value.replace(/[_\s]/g, "").toLowerCase() : "";
}
export function enumEquals(a: unknown, b: string): boolean {
  return normalizeEnum(a) === normalizeEnum(b);
}
/** Row 5: "Error_Suspend", "Error Suspend" and "Error" are all the Error status. */
export function isErrorStatus(status: unknown): boolean {
  return normalizeEnum(status).startsWith("error");
}

// ---------------------------------------------------------------------------------------------------------
// Row 6: suspend completion. Job Success is not the end [M:suspend]; the session is suspended when its
// status reads Suspend. concurrent_suspend_result is "Running" until then, "Success" after.
// ---------------------------------------------------------------------------------------------------------
export const CONCURRENT_SUSPEND_RUNNING = "Running";
export const CONCURRENT_SUSPEND_SUCCESS = "Success";
export function isSuspendComplete(session: { status?: unknown }): boolean {
  return enumEquals(session.status, SessionStatus.Suspend);
}

// ---------------------------------------------------------------------------------------------------------
// Row 7: DELETE /job. Body {"job_id_list": [id]}, synchronous 200; a non-terminal job answers 409, an
// unknown one 404 (the client treats 404 as done).
// ---------------------------------------------------------------------------------------------------------
export const JOB_DELETE_LIST_FIELD = "job_id_list";
export const JOB_DELETE_STATUS = 200;
export function jobDeleteBody(ids: number[]): Record<string, unknown> {
  return { [JOB_DELETE_LIST_FIELD]: ids };
}

// Job statuses [M:job-get]; the last four are terminal.
export const JobStatus = {
  Queued: "Queued",
  Running: "Running",
  Success: "Success",
  Error: "Error",
  PartialError: "Partial_Error",
  Canceled: "Canceled",
} as const;
export function isTerminalJobStatus(status: unknown): boolean {
  const n = normalizeEnum(status);
  return n === "success" || n === "error" || n === "partialerror" || n === "canceled" || n === "cancelled";
}

// ---------------------------------------------------------------------------------------------------------
// Row 8: job result lists. progress_href_list and succeeded_resource_href_list are href arrays;
// failed_resource_info_list items are {resource_href, error_code, message}.
// ---------------------------------------------------------------------------------------------------------
export const JOB_FIELDS = {
  resourceHrefs: "resource_href_list",
  progressHrefs: "progress_href_list",
  succeededHrefs: "succeeded_resource_href_list",
  failedInfo: "failed_resource_info_list",
  operations: "operation_list",
} as const;

// Row 9: job retention, 30 min after ANY terminal state (including Partial_Error).
export const JOB_RETENTION_SECONDS = 30 * 60;
// [M:jobmgmt]: at most 512 registered jobs per array; beyond that every request gets 503.
export const MAX_REGISTERED_JOBS = 512;
// Row 7 (job limit): the manual names the limit's status (503) but not its text. A 503 is otherwise a busy
// array, which retrying rides out; at the limit retrying only adds load, so the client tells the two apart
// by the message ("The number of registered jobs reached the limit" on the simulator). An unrecognized
// limit answer is treated as busy: bounded retries, as for any 503.
export const JOB_LIMIT_MESSAGE = /registered jobs|job.{0,24}limit/i;
export function isJobLimitAnswer(status: number, message: string | undefined): boolean {
  return status === 503 && message !== undefined && JOB_LIMIT_MESSAGE.test(message);
}

// Row 10: units. Capacities and data sizes in MB; progress 0-100 %; times in seconds.

// Row 11: a remote volume is named as the remote array names it: /api/v1/volume/<remote id>.
export function volumeHref(volumeId: number): string {
  return `${API_BASE}/volume/${volumeId}`;
}
export function copySessionHref(copySessionId: number): string {
  return `${API_BASE}/copysession/${copySessionId}`;
}
export function jobHref(jobId: number): string {
  return `${API_BASE}/job/${jobId}`;
}
/** Parse the trailing integer id of an href such as /api/v1/volume/100001 (no *_volume_id field exists). */
export function idFromHref(href: unknown): number | undefined {
  if (typeof href !== "string") return undefined;
  const m = /\/(\d+)\/?$/.exec(href);
  return m ? Number(m[1]) : undefined;
}

// Row 12: GET /copysession accepts fields, copysession_id[], max_records, last_get_id; no filters.
export const LIST_QUERY = {
  fields: "fields",
  maxRecords: "max_records",
  lastGetId: "last_get_id",
  /** copysession_id[] [M:cs-list]: sent comma-separated like fields (1.4 [P]). */
  copySessionIds: "copysession_id",
} as const;

// Row 13: a session id kept in state still names our session only if type, source volume, remote box id
// and remote session id all match (ids are native and reused after deletion [M:resid]).
export const REC_SESSION_TYPE = "REC";
export interface SessionIdentity {
  sourceVolumeId: number;
  remoteBoxId: string;
  remoteCopySessionId: number;
}
export function sameSessionIdentity(
  session: { type?: unknown; source_volume_href?: unknown; destination_volume_href?: unknown;
    remote_boxid?: unknown; remote_copysession_id?: unknown; is_local_source_volume?: unknown },
  expected: SessionIdentity,
): boolean {
  if (!enumEquals(session.type, REC_SESSION_TYPE)) return false;
  // After a reverse the local volume is the destination; identity is the local volume either way.
  const localHref = session.is_local_source_volume === false
    ? session.destination_volume_href : session.source_volume_href;
  return idFromHref(localHref) === expected.sourceVolumeId
    && String(session.remote_boxid ?? "").toUpperCase() === expected.remoteBoxId.toUpperCase()
    && Number(session.remote_copysession_id) === expected.remoteCopySessionId;
}

// Row 14: deleting a volume that is in an REC session removes the session with it, on both arrays. Why: the
// manual's volume-delete page says to use DELETE /volume "when removing the Copy Session and the destination
// Volume together", and deleting a Snapshot/Clone volume deletes its session [M:vol-del]. (Was: 409.) The
// client still deletes the session first, so that a mirror is never dropped as a side effect. The evidence is
// split both ways (the volume-delete pages remove sessions only "If Snapshot or Clone is specified"): the
// simulator plays this reading; the provider is safe under either (docs/unverified-points.md row 14).
export const VOLUME_DELETE_REMOVES_SESSIONS = true;

// ---------------------------------------------------------------------------------------------------------
// Row 15: POST /copysession/rec extras. Also split_mode (synchronous only) and recovery_mode, defaults
// Automatic/Automatic, always sent by the client. POST goes to the source array. A second session for the
// same pair answers 409.
// ---------------------------------------------------------------------------------------------------------
export const REC_CREATE_DEFAULTS = { split_mode: "Automatic", recovery_mode: "Automatic" } as const;
export const DUPLICATE_PAIR_STATUS = 409;

// Row 16: a 9th copy session on one source volume answers 409 ([M:op-sync]: up to eight).
export const MAX_SESSIONS_PER_SOURCE = 8;
export const SESSION_LIMIT_STATUS = 409;

// Row 17: one field per PATCH, in this order: transfer_mode, then split_mode, then recovery_mode.
export const PATCH_FIELD_ORDER = ["transfer_mode", "split_mode", "recovery_mode"] as const;

// Row 18: suspend / reverse / resume go to the array where the session was created, with its own id.
// (Documented here; the client follows it by always addressing the source-side array's copysession_id.)

// Destination-side operations [P]: the manual does not say which operations an array accepts, through its own
// copysession_id, for an REC session it did not create. Choice: a forced suspend and a forced delete; everything
// else goes to the creating array (docs/unverified-points.md#row-18-which-array-takes-session-operations). Why: a DR site must be able to take over the mirror (forced suspend:
// the destination becomes writable) or drop its leftover when the main site is unreachable (copy path down).
// Not only then: the provider's delete falls back to a forced delete on the destination array when the provider
// itself cannot reach the source array, while the arrays may still see each other (the session then goes on
// both arrays, as any delete with the path up).
export const DESTINATION_SIDE_OPERATIONS = {
  operations: ["suspend", "delete"],
  forcedOnly: true,
  onlyWhenCreatorUnreachable: false,
} as const;

// Row 19: POST /session answers 200.
export const LOGIN_STATUS = 200;

// Row 20: REST sessions. One per array per provider process; refresh token requested at login and used
// when fewer than 5 minutes remain; one re-login on 401; logout at exit. Simulator: 16 per array, then 503.
export const REFRESH_WHEN_REMAINING_SECONDS = 5 * 60;
export const SIMULATOR_MAX_REST_SESSIONS = 16;
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 1800;
export const DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS = 10 * 3600;

// Row 21: TLS verified by default; CA per array; insecureSkipVerify per array, never process-global; plain
// http:// only when the endpoint says so.

// Row 22: default page size when max_records is absent (the simulator uses it so paging is exercised).
export const DEFAULT_MAX_RECORDS = 100;

// ---------------------------------------------------------------------------------------------------------
// Row 23: error_code values. The client never branches on them. The simulator's own codes are listed
// here so its README and tests share one table (4 digits, CLI-message style, our numbering).
// ---------------------------------------------------------------------------------------------------------
export const SimErrorCode = {
  BadRequest: "0001",
  Unauthorized: "0002",
  Forbidden: "0003",
  NotFound: "0004",
  Conflict: "0005",
  UnsupportedMediaType: "0006",
  TooLarge: "0007",
  Busy: "0008",
  Internal: "0009",
  NameExists: "0010",
  InvalidState: "0011",
  SessionLimit: "0012",
  NotEquivalent: "0013",
  CopyRangeTotally: "0014",
} as const;

// ---------------------------------------------------------------------------------------------------------
// Enumerations (docs/rest-api.md#enumerations). Unlisted values pass through as strings and count as "not ready".
// ---------------------------------------------------------------------------------------------------------
export const TransferMode = { Synchronous: "Synchronous", Stack: "Stack", Consistency: "Consistency" } as const;
/** Through mode exists on arrays [M:suspend] but PATCH cannot set it [M:rec-patch]. Spelling is [P]. */
export const THROUGH_MODE = "Through";
export const SplitMode = { Automatic: "Automatic", Manual: "Manual" } as const;
export const RecoveryMode = { Automatic: "Automatic", Manual: "Manual" } as const;
export const CopyRange = { Totally: "Totally", Extent: "Extent" } as const;
export const BackupType = { Clone: "Clone", RemoteMirror: "Remote_Mirror" } as const;

/**
 * A suspend is forced when the phase is not Equivalent [M:suspend], whatever the transfer mode. A Stack session
 * in Equivalent takes a normal suspend; one that is not Equivalent cannot be suspended at all (ask
 * `stackSuspendProblem` first: it refuses instead of sending a forced suspend the array rejects).
 */
export function suspendNeedsForce(_transferMode: unknown, phase: unknown): boolean {
  // The mode stays in the signature so callers keep passing the observed session; the rule is per phase.
  return !enumEquals(phase, Phase.Equivalent);
}

/** The phase a session settles in once duplexing, per transfer mode. */
export function isSettledPhase(transferMode: unknown, phase: unknown): boolean {
  // Stack mode never reaches Equivalent by itself (Design Guide, REC Data Transfer Mode Comparison);
  // the provider treats a Stack session that is Active and copying as settled.
  if (enumEquals(transferMode, TransferMode.Stack)) {
    return enumEquals(phase, Phase.Equivalent) || enumEquals(phase, Phase.Copying);
  }
  return enumEquals(phase, Phase.Equivalent);
}

// Volume naming [M:vol-patch]; [P] "alphanumeric" read as printable ASCII, since the manual's own names
// contain "_" and "#". Same rules on create.
const VOLUME_NAME_MAX = 32;
const VOLUME_NAME_FORBIDDEN_CHARS = [",", "?"] as const;
const VOLUME_NAME_RESERVED_PREFIXES = ["$VVOL_META", "$DATA_CNTNR", "$SYSVOL"] as const;
export function volumeNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || name.length === 0) return "must be a non-empty string";
  if (name.length > VOLUME_NAME_MAX) return `must be at most ${VOLUME_NAME_MAX} characters (got ${name.length})`;
  if (!/^[\x20-\x7e]+$/.test(name)) return "must contain only printable single-byte ASCII characters";
  for (const c of VOLUME_NAME_FORBIDDEN_CHARS) if (name.includes(c)) return `must not contain "${c}"`;
  for (const p of VOLUME_NAME_RESERVED_PREFIXES) if (name.startsWith(p)) return `must not start with the reserved prefix "${p}"`;
  return undefined;
}

// [M:vol-expand]: new_capacity in MB, 25..51539607552, above the current size; TPV max 128 TB.
export const VOLUME_CAPACITY_MIN_MB = 25;
export const VOLUME_CAPACITY_MAX_MB = 51539607552;
export const TPV_CAPACITY_MAX_MB = 128 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// Stack mode and suspend [M:suspend]: among the sessions a suspend "cannot specify", the page lists "When
// suspending an REC Session whose transfer mode is asynchronous stack, the phase is not equivalent". The list
// does not except the forced form, so a forced suspend of a Stack session that is not Equivalent is refused
// too, and a PATCH needs a suspended session [M:rec-patch]. REST alone therefore cannot suspend, switch or
// reverse such a session: the provider refuses at preview with the procedure instead of sending the suspend.
// ---------------------------------------------------------------------------------------------------------

/**
 * Why a suspend of this session cannot be sent through REST, with the procedure, or undefined when it can
 * (Halt is the manual-recovery forced suspend the page asks for, so it is never refused here).
 */
export function stackSuspendProblem(transferMode: unknown, phase: unknown, status?: unknown): string | undefined {
  if (!enumEquals(transferMode, TransferMode.Stack)) return undefined;
  if (enumEquals(status, SessionStatus.Halt)) return undefined;
  if (enumEquals(phase, Phase.Equivalent)) return undefined;
  return `a Stack-mode REC session can be suspended only in phase Equivalent (it reads ${typeof phase === "string" && phase ? phase : "unknown"}), ` +
    "and the array refuses even a forced suspend then [M:suspend]; PATCH needs a suspended session [M:rec-patch]. " +
    "Procedure: on the array (ETERNUS CLI or Web GUI) switch the session's transfer mode to Through or Consistency and " +
    "wait until its phase reads Equivalent, then run the update again; or replace the session " +
    "(docs/unverified-points.md#row-2-forced-suspend)";
}

// ---------------------------------------------------------------------------------------------------------
// The dialect as data (issue 16). For each row whose manual page leaves several forms open: the candidate
// forms, today's choice FIRST, and how a form builds its part of the request. An array's dialect file
// (provider/api/dialect-file.ts, written by the probe) picks one form per row; DEFAULT_DIALECT is today's.
// The constants above stay the default form's spelling, so nothing else hard-codes these strings.
// ---------------------------------------------------------------------------------------------------------

/** What a form contributes to a request: query parameters and/or JSON body members. */
export interface RequestPart {
  query?: Record<string, string | number | boolean | readonly (string | number)[]>;
  body?: Record<string, unknown>;
}

/** Rows 1 and 2: how the forced flag travels. The CLI's own flag is `-force` (hence "force"). */
export const FORCED_FORMS = [`body:${FORCED_FIELD}`, "query:forced", "query:is_forced", "body:force"] as const;
export type ForcedForm = (typeof FORCED_FORMS)[number];
function forcedPart(form: ForcedForm, forced: boolean): RequestPart {
  if (!forced) return {};
  const [where, name] = form.split(":") as ["body" | "query", string];
  return where === "body" ? { body: { [name]: true } } : { query: { [name]: true } };
}

/** Row 3: the list of sessions in POST /copysession/suspend. */
export const MULTI_SUSPEND_FORMS = ["body:copysession_id_list", "body:copysession_href_list", "body:copysession_list"] as const;
export type MultiSuspendForm = (typeof MULTI_SUSPEND_FORMS)[number];
function multiSuspendPart(form: MultiSuspendForm, ids: readonly number[]): RequestPart {
  switch (form) {
    case "body:copysession_id_list": return { body: { [MULTI_SUSPEND_LIST_FIELD]: [...ids] } };
    case "body:copysession_href_list": return { body: { copysession_href_list: ids.map(copySessionHref) } };
    case "body:copysession_list": return { body: { copysession_list: ids.map((id) => ({ copysession_id: id })) } };
  }
}

/** Row 7: how DELETE /job names the jobs. */
export const JOB_DELETE_FORMS = ["body:job_id_list", "query:job_id"] as const;
export type JobDeleteForm = (typeof JOB_DELETE_FORMS)[number];
function jobDeletePart(form: JobDeleteForm, ids: readonly number[]): RequestPart {
  return form === "body:job_id_list" ? { body: jobDeleteBody([...ids]) } : { query: { job_id: [...ids] } };
}

/** Row 15: the REC create body beyond the five documented fields. */
export const REC_CREATE_FORMS = ["with-extras", "documented-only"] as const;
export type RecCreateForm = (typeof REC_CREATE_FORMS)[number];
export interface RecCreateModes { transferMode: string; splitMode?: string; recoveryMode?: string }
function recCreatePart(form: RecCreateForm, m: RecCreateModes): RequestPart {
  if (form === "documented-only") return {};
  const body: Record<string, unknown> = {};
  // split_mode exists for Synchronous only [M:rec-patch].
  if (enumEquals(m.transferMode, TransferMode.Synchronous)) body.split_mode = m.splitMode ?? REC_CREATE_DEFAULTS.split_mode;
  body.recovery_mode = m.recoveryMode ?? REC_CREATE_DEFAULTS.recovery_mode;
  return { body };
}

/** Row 17: PATCH bodies for a list of changes already in PATCH_FIELD_ORDER. */
export const PATCH_FORMS = ["one-field-per-request", "combined"] as const;
export type PatchForm = (typeof PATCH_FORMS)[number];
function patchBodies(form: PatchForm, changes: ReadonlyArray<readonly [string, string]>): Record<string, unknown>[] {
  if (changes.length === 0) return [];
  if (form === "combined") return [Object.fromEntries(changes)];
  return changes.map(([field, value]) => ({ [field]: value }));
}

/** The parameter a `where:name` form sends (a 400 whose factor names it refused that form). */
function namedParam(form: string): readonly string[] {
  return [form.split(":")[1]!];
}

/**
 * The table: one entry per open point with alternative forms; `forms[0]` is the default. `params(form)` are
 * the parameters that form adds to a request (what a 400 "Description (Factor)" names when the array does not
 * know them). `fallback` says whether the client may try the next form once after such a 400 (client/
 * array-dialect.ts): only where every candidate asks the array for the SAME operation, so a refused form did
 * nothing and an accepted one does what the first was meant to.
 */
export const DIALECT_TABLE = {
  // The forced flag moves, the operation stays: a refused form did nothing; a form the array silently
  // ignored would make a normal delete/suspend, which the array refuses where force is needed.
  forcedDelete: { row: 1, forms: FORCED_FORMS, build: forcedPart, params: namedParam, fallback: true },
  forcedSuspend: { row: 2, forms: FORCED_FORMS, build: forcedPart, params: namedParam, fallback: true },
  // Only the list's spelling differs; an unknown member leaves the list missing, which the array refuses.
  multiSuspend: { row: 3, forms: MULTI_SUSPEND_FORMS, build: multiSuspendPart, params: namedParam, fallback: true },
  // Synchronous and idempotent (a repeat answers 404, counted as done).
  jobDelete: { row: 7, forms: JOB_DELETE_FORMS, build: jobDeletePart, params: namedParam, fallback: true },
  // The five documented fields stay; the plan sets the modes afterwards (suspend -> PATCH -> resume).
  recCreate: { row: 15, forms: REC_CREATE_FORMS, build: recCreatePart,
    params: (form: RecCreateForm): readonly string[] => (form === "with-extras" ? ["split_mode", "recovery_mode"] : []), fallback: true },
  // The client sends one field per PATCH whatever the file says (both readings accept that), so there is
  // nothing to fall back from; "combined" is the drill's observation only.
  patchFields: { row: 17, forms: PATCH_FORMS, build: patchBodies, params: (_form: PatchForm): readonly string[] => [], fallback: false },
} as const;
export type DialectPoint = keyof typeof DIALECT_TABLE;

/** The form chosen per point for one array: a pure value object. */
export type Dialect = { readonly [K in DialectPoint]: (typeof DIALECT_TABLE)[K]["forms"][number] };

/** Today's choices (each row's first form). */
export const DEFAULT_DIALECT: Dialect = Object.freeze({
  forcedDelete: FORCED_FORMS[0],
  forcedSuspend: FORCED_FORMS[0],
  multiSuspend: MULTI_SUSPEND_FORMS[0],
  jobDelete: JOB_DELETE_FORMS[0],
  recCreate: REC_CREATE_FORMS[0],
  patchFields: PATCH_FORMS[0],
});

/** The point a docs/unverified-points.md row number names, when that row has alternative forms. */
export function dialectPointOfRow(row: number): DialectPoint | undefined {
  return (Object.keys(DIALECT_TABLE) as DialectPoint[]).find((k) => DIALECT_TABLE[k].row === row);
}

/** Whether `form` is one of the point's candidates (a dialect file may only name those). */
export function isDialectForm<K extends DialectPoint>(point: K, form: unknown): form is Dialect[K] {
  return (DIALECT_TABLE[point].forms as readonly unknown[]).includes(form);
}

/** The candidate after `current` for a point, for the one-time fallback (undefined when none is left). */
export function nextDialectForm<K extends DialectPoint>(point: K, current: Dialect[K]): Dialect[K] | undefined {
  const forms = DIALECT_TABLE[point].forms as readonly unknown[] as readonly Dialect[K][];
  const i = forms.indexOf(current);
  return i >= 0 && i + 1 < forms.length ? forms[i + 1] : undefined;
}
