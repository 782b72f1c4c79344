/**
 * One undici Pool (keep-alive) per array. Sends one request, reads the JSON reply, and turns every failure
 * into an EternusApiError: status >= 400 from the body [M:error], transport failures with status 0 and a
 * classification (did the request maybe reach the array?).
 *
 * TLS (docs/unverified-points.md#row-21-tls-and-port): verification ON by default; a per-array CA via `connect: { ca }`; per-array
 * insecureSkipVerify via `connect: { rejectUnauthorized: false }`. Nothing process-global, ever.
 * Timeouts: headersTimeout / bodyTimeout per request from requestTimeoutSeconds (default 60 s).
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
import { EternusApiError, EternusConfigError, RequestDescription, TransportFailure } from "./errors";
import { TlsProbe, probeTls } from "./tls-probe";
import type { ArrayConnection } from "./types";

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;
const MAX_CONNECT_TIMEOUT_MS = 10_000;

export interface TransportRequest {
  method: string;
  /** Path with query string. */
  path: string;
  body?: Record<string, unknown>;
  /** Bearer token; omitted for login. */
  token?: string;
  sensitive?: boolean;
  signal?: AbortSignal;
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

/** Classify a thrown transport error. */
export function classifyTransportError(err: unknown): TransportFailure {
  const code = errCode(err);
  const name = (err as { name?: unknown })?.name;
  if (code === "UND_ERR_ABORTED" || name === "AbortError") return { kind: "aborted", maybeSent: true, causeCode: code };
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME_MISMATCH|ALTNAME/.test(code)) {
    return { kind: "tls", maybeSent: false, causeCode: code };
  }
  switch (code) {
    case "ECONNREFUSED": case "EHOSTUNREACH": case "ENETUNREACH": case "EHOSTDOWN": case "EADDRNOTAVAIL":
    case "UND_ERR_CONNECT_TIMEOUT":
      return { kind: "connect", maybeSent: false, causeCode: code };
    case "ENOTFOUND": case "EAI_AGAIN":
      return { kind: "dns", maybeSent: false, causeCode: code };
    case "ECONNRESET": case "EPIPE": case "UND_ERR_SOCKET": case "ECONNABORTED":
      return { kind: "reset", maybeSent: true, causeCode: code };
    case "UND_ERR_HEADERS_TIMEOUT": case "UND_ERR_BODY_TIMEOUT": case "ETIMEDOUT":
      return { kind: "timeout", maybeSent: true, causeCode: code };
    case "UND_ERR_CLOSED": case "UND_ERR_DESTROYED":
      return { kind: "other", maybeSent: false, causeCode: code };
    default:
      return { kind: "other", maybeSent: true, causeCode: code };
  }
}

function errCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const c = (err as { code?: unknown }).code;
  if (typeof c === "string") return c;
  const cause = (err as { cause?: unknown }).cause;
  return cause && cause !== err ? errCode(cause) : undefined;
}

/** Connection, one per array. Holds a Pool; never serialized (created at call time). */
/** What every error of one request names. */
interface RequestBase { arrayName: string; method: string; path: string; request: RequestDescription }

export class Transport implements HttpTransport {
  readonly arrayName: string;
  readonly endpoint: ParsedEndpoint;
  private readonly pool: Pool;
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
    this.pool = new Pool(this.endpoint.origin, {
      connections: opts.connections ?? 4,
      pipelining: 1,
      keepAliveTimeout: 4_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connect,
    });
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const base = { arrayName: this.arrayName, method: req.method, path: pathOnly(req.path), request: describeRequest(req) };
    if (this.closed) {
      throw new EternusApiError({ ...base, status: 0, code: "ERR_CONNECTION", arrayMessage: "client is closed", transport: { kind: "other", maybeSent: false } });
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
    try {
      const res = await this.pool.request({
        method: req.method as "GET", path: req.path, headers, body: payload, signal: req.signal,
        headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs,
      });
      this.answered = true;
      return { status: res.statusCode, text: await res.body.text() };
    } catch (err) {
      const t = classifyTransportError(err);
      if (req.signal?.aborted) t.kind = "aborted";
      if (!this.answered) {
        t.beforeFirstResponse = true;
        await this.throwIfSchemeMismatch(t, err);
      }
      const code = t.kind === "tls" ? "ERR_TLS" : t.kind === "timeout" ? "ERR_REQUEST_TIMEOUT" : t.kind === "aborted" ? "ERR_ABORTED" : "ERR_CONNECTION";
      throw new EternusApiError({
        ...base, status: 0, code, transport: t, cause: err,
        arrayMessage: transportMessage(t, err, this.endpoint, this.arrayName),
      });
    }
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
      const raw = !parsed.success || !body?.message ? (req.sensitive ? undefined : text.trim().slice(0, 200) || undefined) : undefined;
      const arrayMessage = body?.message ? body.message : raw ? raw : undefined;
      throw new EternusApiError({
        ...base, status, errorCode: body?.error_code, internalCode: body?.internal_code, arrayMessage,
        response: { status, data: req.sensitive || !body ? undefined : { error_code: body.error_code, message: arrayMessage, internal_code: body.internal_code } },
      });
    }
    if (parseFailed) {
      throw new EternusApiError({ ...base, status, code: "ERR_BAD_RESPONSE", arrayMessage: `reply is not JSON${req.sensitive ? "" : `: ${text.slice(0, 100)}`}`, response: { status } });
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

/** The server answered our ClientHello with something that is not TLS (typically an HTTP 400). */
function isPlainReplyToTls(t: TransportFailure, err: unknown): boolean {
  return t.causeCode === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number/i.test(messageOf(err));
}

function messageOf(err: unknown): string {
  return (err as Error)?.message ?? String(err);
}

/** "(CODE: message)" without repeating the code when the message already carries it. */
function detailOf(t: TransportFailure, err: unknown): string {
  const msg = messageOf(err).split("\n")[0]!.trim();
  if (!t.causeCode) return msg;
  return msg.includes(t.causeCode) || msg === "" ? (msg || t.causeCode) : `${t.causeCode}: ${msg}`;
}

function transportMessage(t: TransportFailure, err: unknown, ep: ParsedEndpoint, arrayName: string): string {
  const where = `${ep.hostname}:${ep.port}`;
  const key = keyAndEnv(arrayName, "endpoint", "ENDPOINT");
  switch (t.kind) {
    case "tls": return `TLS verification of ${where} failed (${detailOf(t, err)}); trust the array's CA with ${arrayConfigKey(arrayName, "caCertFile")} or ${arrayConfigKey(arrayName, "caCert")} (${arrayConfigKey(arrayName, "insecureSkipVerify")} only as a last resort)`;
    case "timeout": return `no response from ${where} in time (${t.causeCode ?? "timeout"})`;
    case "connect":
      if (t.causeCode === "ECONNREFUSED" && t.beforeFirstResponse) {
        return `cannot connect to ${where} (connection refused: nothing listens there); check ${key}: the ETERNUS REST API uses port ${DEFAULT_PORT} and must be enabled on the array`;
      }
      return `cannot connect to ${where} (${detailOf(t, err)})${t.beforeFirstResponse ? `; check ${key} and the network path to the array` : ""}`;
    case "dns": return `cannot resolve ${ep.hostname} (${t.causeCode}); check ${key}`;
    case "reset": return `connection to ${where} lost (${detailOf(t, err)})`;
    case "aborted": return "request aborted";
    default: return `request to ${where} failed (${detailOf(t, err)})`;
  }
}
