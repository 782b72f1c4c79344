/**
 * Every error the client throws, in one file (undici's lib/core/errors.js pattern): `name` = class name,
 * a stable `code`, extra fields only where useful. A `Symbol.for` brand plus `Symbol.hasInstance` keeps
 * `instanceof` working when the package is loaded twice (the serialized provider and the installed package).
 *
 * Secrets: messages and fields never contain a password, token or refresh token; request descriptions carry
 * `Authorization: Bearer [REDACTED]`; bodies of /session requests are never copied.
 *
 * Codes the resources can rely on (also listed in types.ts):
 *   HTTP (status > 0): ERR_BAD_REQUEST 400, ERR_UNAUTHORIZED 401, ERR_FORBIDDEN 403, ERR_NOT_FOUND 404,
 *     ERR_CONFLICT 409, ERR_PAYLOAD_TOO_LARGE 413, ERR_UNSUPPORTED_MEDIA_TYPE 415, ERR_ARRAY_INTERNAL 500,
 *     ERR_BUSY 503, ERR_HTTP (any other status), ERR_BAD_RESPONSE (2xx whose body fails validation).
 *   Transport (status 0): ERR_CONNECTION, ERR_REQUEST_TIMEOUT, ERR_TLS, ERR_ABORTED,
 *     ERR_INVALID_REQUEST (could not be sent: a path or header HTTP cannot carry; final, never retried),
 *     ERR_LOST_RESPONSE (outcome unknown: read state back before retrying).
 *   ERR_JOB_FAILED (EternusJobError), ERR_JOB_LIMIT (EternusJobLimitError: the array's job records are
 *     full even after ours were deleted; never retried), ERR_TIMEOUT (EternusTimeoutError), ERR_CONFIG (EternusConfigError:
 *     bad or missing config, named by key; also an endpoint whose scheme does not match what the port speaks).
 */
import { STATUS_CODES } from "node:http";
import type { FailedResource } from "../api/jobs";

export type EternusErrorCode =
  | "ERR_BAD_REQUEST" | "ERR_UNAUTHORIZED" | "ERR_FORBIDDEN" | "ERR_NOT_FOUND" | "ERR_CONFLICT"
  | "ERR_PAYLOAD_TOO_LARGE" | "ERR_UNSUPPORTED_MEDIA_TYPE" | "ERR_ARRAY_INTERNAL" | "ERR_BUSY" | "ERR_HTTP"
  | "ERR_BAD_RESPONSE" | "ERR_CONNECTION" | "ERR_REQUEST_TIMEOUT" | "ERR_TLS" | "ERR_ABORTED" | "ERR_CONFIG"
  | "ERR_INVALID_REQUEST" | "ERR_LOST_RESPONSE" | "ERR_JOB_FAILED" | "ERR_JOB_LIMIT" | "ERR_TIMEOUT" | "ERR_CLIENT_CLOSED"
  // Resource-level codes (provider/resources/common/errors.ts): one hierarchy for the whole provider.
  | "ERR_INVALID_INPUT" | "ERR_PREFLIGHT" | "ERR_REFUSED" | "ERR_GONE" | "ERR_PARTIAL_FAILURE"
  | "ERR_SESSION_STATE" | "ERR_INCOMPLETE" | "ERR_UNREACHABLE";

const STATUS_CODE_NAMES: Record<number, EternusErrorCode> = {
  400: "ERR_BAD_REQUEST", 401: "ERR_UNAUTHORIZED", 403: "ERR_FORBIDDEN", 404: "ERR_NOT_FOUND",
  409: "ERR_CONFLICT", 413: "ERR_PAYLOAD_TOO_LARGE", 415: "ERR_UNSUPPORTED_MEDIA_TYPE",
  500: "ERR_ARRAY_INTERNAL", 503: "ERR_BUSY",
};
export function codeForStatus(status: number): EternusErrorCode {
  return STATUS_CODE_NAMES[status] ?? "ERR_HTTP";
}
export function statusText(status: number): string {
  return STATUS_CODES[status] ?? "HTTP error";
}

/** A request as it may appear in an error or a log line: no body, Authorization redacted. */
export interface RequestDescription {
  method: string;
  /** Path with query string (no origin). */
  url: string;
  headers: Record<string, string>;
}

/** What is known about a transport failure. */
export interface TransportFailure {
  /**
   * connect: never reached the server; reset: socket closed mid-request; timeout; tls; dns; aborted;
   * invalid: the request could not be sent at all (a path or header HTTP cannot carry; never retried); other.
   */
  kind: "connect" | "reset" | "timeout" | "tls" | "dns" | "aborted" | "invalid" | "other";
  /** The request may have reached the array (its outcome is unknown). */
  maybeSent: boolean;
  /** errno / undici code of the cause, e.g. ECONNREFUSED, UND_ERR_SOCKET. */
  causeCode?: string;
  /** No HTTP response has come from this endpoint yet: a refusal means a wrong endpoint, not a busy array. */
  beforeFirstResponse?: boolean;
}

function brand(name: string): symbol {
  return Symbol.for(`pulumi-eternus-rec.${name}`);
}
function hasBrand(value: unknown, b: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[b] === true;
}

const kEternusError = brand("EternusError");
const kApiError = brand("EternusApiError");
const kLostResponse = brand("EternusOutcomeUnknownError");
const kJobError = brand("EternusJobError");
const kJobLimitError = brand("EternusJobLimitError");
const kTimeoutError = brand("EternusTimeoutError");
const kAbortError = brand("EternusAbortError");
const kConfigError = brand("EternusConfigError");

/** Base of every client error. */
export class EternusError extends Error {
  code: EternusErrorCode;
  constructor(message: string, code: EternusErrorCode, options?: { cause?: unknown }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = "EternusError";
    this.code = code;
    Object.defineProperty(this, kEternusError, { value: true });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kEternusError);
  }
}

export interface EternusApiErrorInit {
  code?: EternusErrorCode;
  arrayName: string;
  method: string;
  /** Path without query string. */
  path: string;
  /** HTTP status; 0 for transport failures. */
  status: number;
  errorCode?: string;
  internalCode?: string;
  /** The array's own message. */
  arrayMessage?: string;
  request?: RequestDescription;
  response?: { status: number; data?: unknown };
  transport?: TransportFailure;
  cause?: unknown;
  /** Overrides the generated message. */
  message?: string;
}

/**
 * An ETERNUS request that failed. Message:
 * `POST /api/v1/copysession/rec on array tokyo: 409 Conflict: <array message> (error_code 0005)`.
 */
export class EternusApiError extends EternusError {
  status: number;
  errorCode?: string;
  internalCode?: string;
  method: string;
  path: string;
  arrayName: string;
  request?: RequestDescription;
  response?: { status: number; data?: unknown };
  transport?: TransportFailure;
  /** How many times the request was re-sent before this error (retry layer). */
  retryCount = 0;

  constructor(init: EternusApiErrorInit) {
    const code = init.code ?? (init.status > 0 ? codeForStatus(init.status) : "ERR_CONNECTION");
    super(init.message ?? EternusApiError.formatMessage(init), code, { cause: init.cause });
    this.name = "EternusApiError";
    this.status = init.status;
    if (init.errorCode !== undefined) this.errorCode = init.errorCode;
    if (init.internalCode !== undefined) this.internalCode = init.internalCode;
    this.method = init.method;
    this.path = init.path;
    this.arrayName = init.arrayName;
    if (init.request) this.request = init.request;
    if (init.response) this.response = init.response;
    if (init.transport) this.transport = init.transport;
    Object.defineProperty(this, kApiError, { value: true });
  }

  static formatMessage(init: EternusApiErrorInit): string {
    const head = `${init.method} ${init.path} on array ${init.arrayName}`;
    if (init.status > 0) {
      let m = `${head}: ${init.status} ${statusText(init.status)}`;
      if (init.arrayMessage) m += `: ${init.arrayMessage}`;
      if (init.errorCode) m += ` (error_code ${init.errorCode})`;
      return m;
    }
    return `${head}: ${init.arrayMessage ?? "request failed"}`;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kApiError);
  }
}

/**
 * The request may have been executed but its result is unknown: the response was lost (connection reset
 * or timeout after sending a non-idempotent request), or the job record vanished (expired or never visible)
 * before a terminal state was seen. code `ERR_LOST_RESPONSE`, status 0.
 * The caller must read the state back (look up by name / pair) before retrying; the client never re-sends
 * such a request by itself.
 */
export class EternusOutcomeUnknownError extends EternusApiError {
  reason: "response-lost" | "request-timeout" | "job-expired" | "job-not-found";
  jobId?: number;
  constructor(init: EternusApiErrorInit & { reason: EternusOutcomeUnknownError["reason"]; jobId?: number }) {
    super({ ...init, code: "ERR_LOST_RESPONSE", message: init.message ?? outcomeMessage(init) });
    this.name = "EternusOutcomeUnknownError";
    this.reason = init.reason;
    if (init.jobId !== undefined) this.jobId = init.jobId;
    Object.defineProperty(this, kLostResponse, { value: true });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kLostResponse);
  }
}

function outcomeMessage(init: EternusApiErrorInit & { reason: string; jobId?: number }): string {
  const head = `${init.method} ${init.path} on array ${init.arrayName}`;
  const why = init.reason === "job-expired" ? `job ${init.jobId} disappeared before it finished (expired)`
    : init.reason === "job-not-found" ? `job ${init.jobId} is not visible to this user`
      : init.reason === "request-timeout" ? `no response within the request timeout${init.arrayMessage ? ` (${init.arrayMessage})` : ""}`
        : `the response was lost${init.arrayMessage ? ` (${init.arrayMessage})` : ""}`;
  return `${head}: outcome unknown: ${why}; read the state back before retrying`;
}

/** An item of a job's failed_resource_info_list (docs/unverified-points.md#row-8-job-result-lists), as the job schema reads it. */
export type FailedResourceInfo = FailedResource;

/** A job that ended Error, Partial_Error or Canceled. code `ERR_JOB_FAILED`. */
export class EternusJobError extends EternusError {
  jobId: number;
  jobStatus: string;
  arrayName: string;
  method: string;
  path: string;
  failedResources: FailedResourceInfo[];
  /** The final job record (no secrets: jobs carry hrefs and CLI command texts). */
  job?: Record<string, unknown>;
  constructor(init: { jobId: number; jobStatus: string; arrayName: string; method: string; path: string; failedResources?: FailedResourceInfo[]; job?: Record<string, unknown> }) {
    const failed = init.failedResources ?? [];
    const detail = failed.slice(0, 3).map((f) => `${f.resource_href ?? "?"}: ${f.message ?? "failed"}${f.error_code ? ` (error_code ${f.error_code})` : ""}`);
    if (failed.length > 3) detail.push(`... ${failed.length - 3} more`);
    super(`${init.method} ${init.path} on array ${init.arrayName}: job ${init.jobId} ended ${init.jobStatus}${detail.length ? `: ${detail.join("; ")}` : ""}`, "ERR_JOB_FAILED");
    this.name = "EternusJobError";
    this.jobId = init.jobId;
    this.jobStatus = init.jobStatus;
    this.arrayName = init.arrayName;
    this.method = init.method;
    this.path = init.path;
    this.failedResources = failed;
    if (init.job) this.job = init.job;
    Object.defineProperty(this, kJobError, { value: true });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kJobError);
  }
}

/**
 * The array answered "job limit" (MAX_REGISTERED_JOBS records registered, [M:jobmgmt]) again after this
 * client deleted its own records: the records are another user's, and only they (or the array's 30-min
 * expiry) can free them. code `ERR_JOB_LIMIT`, status 503; never retried.
 */
export class EternusJobLimitError extends EternusApiError {
  constructor(e: EternusApiError, limit: number) {
    super({
      arrayName: e.arrayName, method: e.method, path: e.path, status: 503, code: "ERR_JOB_LIMIT", request: e.request, cause: e,
      message: `${e.method} ${e.path} on array ${e.arrayName}: the array holds its limit of ${limit} registered job records ` +
        `(503 "job limit", [M:jobmgmt]) after this client deleted its own; the records belong to other users or processes ` +
        `of this array: delete their finished jobs (DELETE /job) or wait up to 30 min for the array to expire them`,
    });
    this.name = "EternusJobLimitError";
    this.retryCount = e.retryCount;
    Object.defineProperty(this, kJobLimitError, { value: true });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kJobLimitError);
  }
}

/** A bounded wait ran out. code `ERR_TIMEOUT`; `lastState` is the last value seen (if any). */
export class EternusTimeoutError extends EternusError {
  waitedMs: number;
  lastState: unknown;
  constructor(what: string, waitedMs: number, lastState: unknown, describeState?: (s: unknown) => string) {
    const seen = lastState === undefined ? "nothing seen yet" : `last state: ${describeState ? describeState(lastState) : safeJson(lastState)}`;
    super(`timed out after ${Math.round(waitedMs)} ms waiting for ${what} (${seen})`, "ERR_TIMEOUT");
    this.name = "EternusTimeoutError";
    this.waitedMs = waitedMs;
    this.lastState = lastState;
    Object.defineProperty(this, kTimeoutError, { value: true });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kTimeoutError);
  }
}

/** A wait or sleep ended by the caller's AbortSignal. code `ERR_ABORTED`. */
export class EternusAbortError extends EternusError {
  constructor(what: string, reason?: unknown) {
    super(`aborted while ${what}${reason instanceof Error && reason.message ? `: ${reason.message}` : ""}`, "ERR_ABORTED", { cause: reason });
    this.name = "EternusAbortError";
    Object.defineProperty(this, kAbortError, { value: true });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kAbortError);
  }
}

/**
 * A configuration problem found before any request (or proven by one, e.g. http:// on a TLS port). code
 * `ERR_CONFIG`. The message names the array, the config key (`eternus:arrays.<name>.<field>`) and the fix;
 * it never holds a secret (an endpoint with user:password@ is shown without them).
 */
export class EternusConfigError extends EternusError {
  arrayName?: string;
  /** The stack config key to fix, e.g. eternus:arrays.tokyo.endpoint. */
  configKey?: string;
  constructor(message: string, init: { arrayName?: string; configKey?: string; cause?: unknown } = {}) {
    super(message, "ERR_CONFIG", { cause: init.cause });
    this.name = "EternusConfigError";
    if (init.arrayName !== undefined) this.arrayName = init.arrayName;
    if (init.configKey !== undefined) this.configKey = init.configKey;
    Object.defineProperty(this, kConfigError, { value: true });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kConfigError);
  }
}

/** True for ERR_LOST_RESPONSE (response lost, job expired): read state back before retrying. */
export function isOutcomeUnknown(e: unknown): e is EternusOutcomeUnknownError {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "ERR_LOST_RESPONSE";
}
/** True for an EternusApiError with this HTTP status. */
export function hasStatus(e: unknown, status: number): e is EternusApiError {
  return e instanceof EternusApiError && e.status === status;
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}...` : s;
  } catch {
    return String(v);
  }
}
