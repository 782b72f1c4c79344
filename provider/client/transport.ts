/**
 * One undici Pool (keep-alive) per array. Sends one request, reads the JSON reply, and turns every failure
 * into an EternusApiError: status >= 400 from the body [M:error], transport failures with status 0 and a
 * classification (transport-failures.ts: did the request maybe reach the array?).
 *
 * TLS (docs/unverified-points.md#row-21-tls-and-port): verification ON by default; a per-array CA via `connect: { ca }`; per-array
 * insecureSkipVerify via `connect: { rejectUnauthorized: false }`. Nothing process-global, ever.
 *
 * Bounded, whatever the array sends (issue 16): the request line and headers are checked before undici sees
 * them (wire-text.ts; undici's own refusal would leak a pool slot), and should undici still refuse one the
 * pool is replaced; a request ends by its caller's signal even while queued in the pool; headers arrive
 * within requestTimeoutSeconds (default 60 s), the body completes within the same time after them and is at
 * most MAX_REPLY_BYTES (reply-body.ts); a 3xx is an error (no redirect is followed to anywhere).
 *
 * Wrong endpoints fail in seconds, naming eternus:arrays.<name>.endpoint: http:// on a TLS port (found by a
 * one-time TLS probe after the first plain request is cut off), https:// on a plain port, and a refused
 * connection before the array ever answered (nothing listens there: wrong port or REST API disabled).
 */
import * as fs from "node:fs";
import { Pool } from "undici";
import { DEFAULT_PORT } from "../api/dialect";
import { errorBodySchema } from "../api/error-body";
import { arrayConfigKey, keyAndEnv } from "./config-keys";
import { ParsedEndpoint, parseEndpoint } from "./endpoint";
import { cancelledBy, EternusApiError, EternusConfigError, RequestDescription, TransportFailure } from "./errors";
import { clipRedacted } from "./redaction";
import { MAX_REPLY_BYTES, ReplyBodyLimit, readBounded } from "./reply-body";
import { endsBySignal } from "./ends-by-signal";
import { timerSignal } from "./runtime";
import { TlsProbe, probeTls } from "./tls-probe";
import { classifyTransportError, isPlainReplyToTls, transportMessage } from "./transport-failures";
import type { ArrayConnection } from "./types";
import { bearerTokenProblem, escapedForMessage, headerValueProblem, requestTargetProblem } from "./wire-text";

export { classifyTransportError } from "./transport-failures";
export { endsBySignal } from "./ends-by-signal";

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;
const MAX_CONNECT_TIMEOUT_MS = 10_000;
/** How much of an array's unparsable error text goes into a message (after redaction). */
const RAW_TEXT_IN_MESSAGE = 200;

export interface TransportRequest {
  method: string;
  /** Path with query string. */
  path: string;
  body?: Record<string, unknown>;
  /** Bearer token; omitted for login. */
  token?: string;
  sensitive?: boolean;
  signal?: AbortSignal;
  /** Texts to redact from any reply text copied into an error, BEFORE it is cut (pipeline/build.ts). */
  secrets?: readonly string[];
}

export interface TransportResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  data: unknown;
}

export interface TransportOptions {
  /** Parallel connections to one array. Default 4. */
  connections?: number;
  /** Tests: replaces the TLS probe of http:// endpoints. */
  probeTls?: TlsProbe;
  /** Largest reply body accepted (default MAX_REPLY_BYTES). */
  maxReplyBytes?: number;
  /** A signal aborting after `ms` (the body deadline; default real time, tests a manual clock). */
  deadline?: (ms: number) => AbortSignal;
}

/** What the client needs from a transport (tests inject a scripted one). */
export interface HttpTransport {
  readonly endpoint: ParsedEndpoint;
  send(req: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

const TLS_PROBE_TIMEOUT_MS = 3_000;

/** Path without the query string, for messages. */
export function pathOnly(path: string): string {
  const i = path.indexOf("?");
  return i < 0 ? path : path.slice(0, i);
}

export function describeRequest(req: TransportRequest): RequestDescription {
  const headers: Record<string, string> = { accept: "application/json" };
  if (req.body !== undefined) headers["content-type"] = "application/json";
  if (req.token !== undefined) headers.authorization = "Bearer [REDACTED]";
  return { method: req.method, url: req.path, headers };
}

/** Why this request cannot be sent as it is (never echoing the token), or undefined. */
function unsendable(req: TransportRequest): string | undefined {
  const path = requestTargetProblem(req.path);
  if (path) return `its path ${path}`;
  if (req.token === undefined) return undefined;
  const token = bearerTokenProblem(req.token) ?? headerValueProblem(req.token);
  return token ? `its token ${token}` : undefined;
}

/** What every error of one request names. */
interface RequestBase { arrayName: string; method: string; path: string; request: RequestDescription }

export class Transport implements HttpTransport {
  readonly arrayName: string;
  readonly endpoint: ParsedEndpoint;
  /** Replaced (never reused) after undici refused a request: such a refusal leaves a slot marked busy. */
  private pool: Pool;
  private readonly newPool: () => Pool;
  private readonly maxReplyBytes: number;
  private readonly deadline: (ms: number) => AbortSignal;
  private readonly timeoutMs: number;
  private readonly probeTls: TlsProbe;
  private closed = false;
  /** Some HTTP response arrived: the endpoint is right, later connection failures are transient. */
  private answered = false;
  private speaksTls: Promise<boolean> | undefined;

  constructor(conn: ArrayConnection & { caCertFile?: string }, opts: TransportOptions = {}) {
    this.arrayName = conn.name;
    this.endpoint = parseEndpoint(conn.endpoint, { arrayName: conn.name, allowHttp: conn.allowHttp });
    this.probeTls = opts.probeTls ?? probeTls;
    const seconds = conn.requestTimeoutSeconds && conn.requestTimeoutSeconds > 0 ? conn.requestTimeoutSeconds : DEFAULT_REQUEST_TIMEOUT_SECONDS;
    this.timeoutMs = Math.round(seconds * 1000);
    const connect: Record<string, unknown> = { timeout: Math.min(this.timeoutMs, MAX_CONNECT_TIMEOUT_MS) };
    if (this.endpoint.protocol === "https:") {
      let ca = conn.caCert;
      if (!ca && conn.caCertFile) {
        try {
          ca = fs.readFileSync(conn.caCertFile, "utf8");
        } catch (e) {
          throw new EternusConfigError(`array "${conn.name}": cannot read ${keyAndEnv(conn.name, "caCertFile", "CA_CERT_FILE")} ${conn.caCertFile}: ${(e as Error).message}`, { arrayName: conn.name, configKey: arrayConfigKey(conn.name, "caCertFile"), cause: e });
        }
      }
      if (ca) connect.ca = ca;
      // Per array only: this option goes to this Pool's TLS connector, nothing global changes.
      connect.rejectUnauthorized = conn.insecureSkipVerify !== true;
    }
    this.maxReplyBytes = opts.maxReplyBytes ?? MAX_REPLY_BYTES;
    this.deadline = opts.deadline ?? timerSignal;
    this.newPool = () => new Pool(this.endpoint.origin, {
      connections: opts.connections ?? 4,
      pipelining: 1,
      keepAliveTimeout: 4_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connect,
    });
    this.pool = this.newPool();
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const base = { arrayName: this.arrayName, method: req.method, path: pathOnly(req.path), request: describeRequest(req) };
    if (this.closed) {
      throw new EternusApiError({ ...base, status: 0, code: "ERR_CONNECTION", arrayMessage: "client is closed", transport: { kind: "other", maybeSent: false } });
    }
    const problem = unsendable(req);
    if (problem) {
      throw new EternusApiError({
        ...base, path: escapedForMessage(base.path), status: 0, code: "ERR_INVALID_REQUEST", transport: { kind: "invalid", maybeSent: false },
        arrayMessage: `not sent: ${problem}`,
      });
    }
    const { status, text } = await this.exchange(req, base);
    return this.reply(req, base, status, text);
  }

  /** One HTTP exchange; transport failures become EternusApiError with status 0 and a classified cause. */
  private async exchange(req: TransportRequest, base: RequestBase): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { accept: "application/json" };
    let payload: string | undefined;
    if (req.body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(req.body);
    }
    if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
    let bodyLimit: ReplyBodyLimit | undefined;
    try {
      const res = await endsBySignal(this.pool.request({
        method: req.method as "GET", path: req.path, headers, body: payload, signal: req.signal,
        headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs,
      }), req.signal);
      this.answered = true;
      const length = Number(res.headers["content-length"]);
      try {
        const text = await readBounded(res.body, { maxBytes: this.maxReplyBytes, deadline: this.deadline(this.timeoutMs), ...(Number.isFinite(length) ? { contentLength: length } : {}) });
        return { status: res.statusCode, text };
      } catch (e) {
        if (!(e instanceof ReplyBodyLimit) || req.signal?.aborted) throw e;
        if (e.limit === "size") throw this.tooLarge(base, res.statusCode, e);
        bodyLimit = e;
        throw e;
      }
    } catch (err) {
      if (err instanceof EternusApiError) throw err;
      const t: TransportFailure = bodyLimit ? { kind: "timeout", maybeSent: true, causeCode: "BODY_DEADLINE" } : classifyTransportError(err);
      if (req.signal?.aborted) t.kind = "aborted";
      if (t.kind === "invalid") this.replacePool();
      if (!this.answered) {
        t.beforeFirstResponse = true;
        await this.throwIfSchemeMismatch(t, err);
      }
      // Aborted by the engine's Cancel (resources/common/cancellation.ts), not by a deadline: its own code.
      const cancelled = t.kind === "aborted" && cancelledBy(req.signal);
      const code = t.kind === "tls" ? "ERR_TLS" : t.kind === "timeout" ? "ERR_REQUEST_TIMEOUT" : cancelled ? "ERR_CANCELLED" : t.kind === "aborted" ? "ERR_ABORTED" : t.kind === "invalid" ? "ERR_INVALID_REQUEST" : "ERR_CONNECTION";
      const arrayMessage = bodyLimit
        ? `the reply body from ${this.endpoint.hostname}:${this.endpoint.port} did not complete within ${this.timeoutMs / 1000} s (${bodyLimit.bytes} bytes read; ${arrayConfigKey(this.arrayName, "requestTimeoutSeconds")})`
        : cancelled ? "request cancelled by the engine (Ctrl-C or termination)" : transportMessage(t, err, this.endpoint, this.arrayName);
      throw new EternusApiError({ ...base, status: 0, code, transport: t, cause: err, arrayMessage });
    }
  }

  private tooLarge(base: RequestBase, status: number, e: ReplyBodyLimit): EternusApiError {
    return new EternusApiError({
      ...base, status, code: "ERR_BAD_RESPONSE", response: { status },
      arrayMessage: `reply body larger than ${this.maxReplyBytes} bytes (stopped reading after ${e.bytes}); a list this big should come in pages (next_href)`,
    });
  }

  /**
   * undici refused a request inside its pool: that connection's slot stays marked busy. Requests go to a
   * fresh pool from now on; the old one closes (in-flight requests finish), destroyed if it cannot.
   */
  private replacePool(): void {
    const old = this.pool;
    this.pool = this.newPool();
    const force = setTimeout(() => void old.destroy().catch(() => undefined), this.timeoutMs);
    force.unref();
    void old.close().catch(() => undefined).finally(() => clearTimeout(force));
  }

  /** The parsed reply, or the array's error (no body of a sensitive request copied; pipeline/redact.ts removes secrets). */
  private reply(req: TransportRequest, base: RequestBase, status: number, text: string): TransportResponse {
    let data: unknown;
    let parseFailed = false;
    if (text.trim() !== "") {
      try {
        data = JSON.parse(text);
      } catch {
        parseFailed = true;
      }
    }
    if (status >= 400) {
      const parsed = errorBodySchema().safeParse(data);
      const body = parsed.success ? parsed.data : undefined;
      const raw = !parsed.success || !body?.message ? (req.sensitive ? undefined : clipRedacted(text.trim(), RAW_TEXT_IN_MESSAGE, req.secrets ?? []) || undefined) : undefined;
      const arrayMessage = body?.message ? body.message : raw ? raw : undefined;
      throw new EternusApiError({
        ...base, status, errorCode: body?.error_code, internalCode: body?.internal_code, arrayMessage,
        response: { status, data: req.sensitive || !body ? undefined : { error_code: body.error_code, message: arrayMessage, internal_code: body.internal_code } },
      });
    }
    if (status < 200 || status > 299) {
      // 3xx: the array (or a proxy) points elsewhere; the client follows no redirect, to no other host.
      throw new EternusApiError({ ...base, status, code: "ERR_HTTP", arrayMessage: "unexpected status for the ETERNUS REST API (no redirect is followed)", response: { status } });
    }
    if (parseFailed) {
      throw new EternusApiError({ ...base, status, code: "ERR_BAD_RESPONSE", arrayMessage: `reply is not JSON${req.sensitive ? "" : `: ${clipRedacted(text, 100, req.secrets ?? [])}`}`, response: { status } });
    }
    return { status, data };
  }

  /**
   * https:// on a plain port fails the handshake with "wrong version number"; http:// on a TLS port is cut
   * off without an answer. Both are a wrong endpoint, not a flaky array: fail now, naming the key.
   */
  private async throwIfSchemeMismatch(t: TransportFailure, err: unknown): Promise<void> {
    const ep = this.endpoint;
    const where = `${ep.hostname}:${ep.port}`;
    const key = keyAndEnv(this.arrayName, "endpoint", "ENDPOINT");
    const configKey = arrayConfigKey(this.arrayName, "endpoint");
    if (ep.protocol === "https:" && t.kind === "tls" && isPlainReplyToTls(t, err)) {
      throw new EternusConfigError(`array "${this.arrayName}": ${where} does not speak TLS (it answered the TLS handshake in plain text): ` +
        `${key} is https:// but this port serves plain HTTP; check the port (the ETERNUS REST API uses HTTPS on ${DEFAULT_PORT})`, { arrayName: this.arrayName, configKey, cause: err });
    }
    if (ep.protocol === "http:" && t.kind === "reset") {
      this.speaksTls ??= this.probeTls(ep.hostname.replace(/^\[|\]$/g, ""), ep.port, TLS_PROBE_TIMEOUT_MS).catch(() => false);
      if (await this.speaksTls) {
        throw new EternusConfigError(`array "${this.arrayName}": ${where} speaks TLS but ${key} is http://: ` +
          `use https://${where} (the ETERNUS REST API uses HTTPS on port ${DEFAULT_PORT})`, { arrayName: this.arrayName, configKey, cause: err });
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close().catch(() => this.pool.destroy().catch(() => undefined));
  }
}

