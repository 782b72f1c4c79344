/**
 * A transport that replays a script and keeps a request log (octokit plugin-retry test style). Each step
 * names the request it expects ("POST /api/v1/session") and what comes back: a status and JSON body, or a
 * transport failure. Status >= 400 is thrown as EternusApiError the way the real transport does, from the
 * {error_code, message} body. A request the script does not expect fails the test.
 */
import { EternusApiError, TransportFailure } from "../../../../provider/client/errors";
import type { ParsedEndpoint } from "../../../../provider/client/endpoint";
import type { HttpTransport, TransportRequest, TransportResponse } from "../../../../provider/client/transport";
import { createEternusClient, EternusClientOptions, EternusRestClient } from "../../../../provider/client/eternus-client";
import type { FakeRuntime } from "./fake-runtime";

export type Reply =
  | { status: number; body?: unknown }
  | { fail: TransportFailure["kind"]; causeCode?: string; maybeSent: boolean }
  | { throws: () => unknown };

/** One expected request: "METHOD /path?query" (exact) and its reply. */
export type Step = [request: string, reply: Reply];

export interface LoggedRequest {
  line: string;
  body?: Record<string, unknown>;
  token?: string;
}

export class ScriptedTransport implements HttpTransport {
  readonly endpoint: ParsedEndpoint;
  readonly log: LoggedRequest[] = [];
  closed = false;
  private readonly steps: Step[];

  constructor(steps: Step[], endpoint = "https://array.test:5665", readonly arrayName = "tokyo") {
    this.steps = [...steps];
    const u = new URL(endpoint);
    this.endpoint = { protocol: u.protocol as "https:", hostname: u.hostname, port: Number(u.port || 5665), origin: `${u.protocol}//${u.hostname}:${u.port || 5665}` };
  }

  /** Append steps (for a second phase of a test). */
  then(...steps: Step[]): this {
    this.steps.push(...steps);
    return this;
  }

  get lines(): string[] {
    return this.log.map((r) => r.line);
  }

  /** Steps not consumed yet. */
  get pending(): string[] {
    return this.steps.map((s) => s[0]);
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const line = `${req.method} ${req.path}`;
    this.log.push({ line, ...(req.body ? { body: req.body } : {}), ...(req.token ? { token: req.token } : {}) });
    const step = this.steps.shift();
    if (!step) throw new Error(`unexpected request ${line} (script is empty; log: ${this.lines.join(", ")})`);
    if (step[0] !== line) throw new Error(`expected ${step[0]}, got ${line} (log: ${this.lines.join(", ")})`);
    const reply = step[1];
    const base = { arrayName: this.arrayName, method: req.method, path: req.path.split("?")[0]! };
    if ("throws" in reply) throw reply.throws();
    if ("fail" in reply) {
      const t: TransportFailure = { kind: reply.fail, maybeSent: reply.maybeSent, ...(reply.causeCode ? { causeCode: reply.causeCode } : {}) };
      const code = t.kind === "tls" ? "ERR_TLS" : t.kind === "timeout" ? "ERR_REQUEST_TIMEOUT" : "ERR_CONNECTION";
      throw new EternusApiError({ ...base, status: 0, code, transport: t, arrayMessage: reply.causeCode ?? reply.fail });
    }
    if (reply.status >= 400) {
      const b = (reply.body ?? {}) as { error_code?: string; message?: string };
      // As the real transport: the array's error body is kept on the error (the fallback reads its message).
      throw new EternusApiError({ ...base, status: reply.status, errorCode: b.error_code, arrayMessage: b.message, response: { status: reply.status, data: b } });
    }
    return { status: reply.status, data: reply.body };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export const LOGIN = "POST /api/v1/session";
export const PASSWORD = "pw-Secret-4711";

/** A login reply; lifetime in seconds. */
export function loginOk(token = "tok-1", sessionId = 7, lifetime = 1800, refreshToken: string | undefined = "rt-1"): Reply {
  return { status: 200, body: { session_id: sessionId, token, lifetime, ...(refreshToken ? { refresh_token: refreshToken } : {}) } };
}
export const busy: Reply = { status: 503, body: { error_code: "0008", message: "Busy" } };
export const accepted = (jobId: number): Reply => ({ status: 202, body: { job_id: jobId, job_href: `/api/v1/job/${jobId}` } });
export const job = (jobId: number, status: string, extra: Record<string, unknown> = {}): Reply => ({ status: 200, body: { job_id: jobId, status, ...extra } });
export const jobDeleted: Reply = { status: 200, body: {} };

/**
 * A client on a scripted transport and a fake clock. Job records are deleted right after each job, so
 * scripts read in order.
 */
export function scriptedClient(t: ScriptedTransport, rt: FakeRuntime, o: EternusClientOptions & { allowHttp?: boolean } = {}): EternusRestClient {
  return createEternusClient(
    { name: t.arrayName, endpoint: t.endpoint.origin, username: "admin", password: PASSWORD, ...(o.allowHttp ? { allowHttp: true } : {}) },
    { sleep: rt.sleep, now: rt.now, random: rt.random, log: rt.log, transport: () => t, ...o },
  );
}
