/**
 * A scripted array on a real socket (127.0.0.1, plain HTTP): the robustness suite needs undici for real
 * (its pool is where a refused request leaked a slot). Login, logout and GET /storagesystem answer like an
 * array unless a test scripts them; any other route answers what the test's handler writes, raw (hrefs,
 * bodies, statuses the simulator never sends). Every request is recorded, logouts too.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createEternusClient, EternusRestClient, type EternusClientOptions } from "../../../../provider/client/eternus-client";
import { Transport, type TransportOptions } from "../../../../provider/client/transport";
import type { FakeRuntime } from "./fake-runtime";

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export const ARRAY_PASSWORD = "pw-Robust-4711";
export const ARRAY_TOKEN = "tok-robust-0123456789abcdef0123456789abcdef";
export const SESSION_ID = 41;

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export class ScriptedArray {
  /** "METHOD /path?query" of every request, in order. */
  readonly requests: string[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly server: http.Server;
  private port = 0;

  constructor() {
    this.server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => { body += c.toString("utf8"); });
      req.on("end", () => this.answer(req, res, body));
    });
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests whose line starts with `prefix` ("DELETE /api/v1/session"). */
  count(prefix: string): number {
    return this.requests.filter((r) => r.startsWith(prefix)).length;
  }

  /** Answer "METHOD /path" (exact path, query ignored) with `h` from now on. */
  on(route: string, h: Handler): this {
    this.handlers.set(route, h);
    return this;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A client on this array with the manual clock: one connection, so a leaked slot shows at once. */
  client(rt: FakeRuntime, o: EternusClientOptions & { transportOptions?: TransportOptions; requestTimeoutSeconds?: number } = {}): EternusRestClient {
    const { transportOptions, requestTimeoutSeconds, ...opts } = o;
    return createEternusClient(
      { name: "tokyo", endpoint: this.origin, username: "admin", password: ARRAY_PASSWORD, allowHttp: true, ...(requestTimeoutSeconds ? { requestTimeoutSeconds } : {}) },
      {
        sleep: rt.sleep, now: rt.now, random: rt.random, log: rt.log, timeout: rt.timeout, connections: 1,
        transport: (conn, t) => new Transport(conn, { ...t, ...transportOptions }), ...opts,
      },
    );
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const line = `${req.method} ${req.url}`;
    this.requests.push(line);
    const route = `${req.method} ${(req.url ?? "").split("?")[0]}`;
    const h = this.handlers.get(route) ?? defaults(route);
    if (h) h(req, res, body);
    else json(res, 404, { error_code: "0004", message: `no route ${route}` });
  }
}

function defaults(route: string): Handler | undefined {
  if (route === "POST /api/v1/session") return (_q, r) => json(r, 200, { session_id: SESSION_ID, token: ARRAY_TOKEN, lifetime: 1800 });
  if (route === `DELETE /api/v1/session/${SESSION_ID}`) return (_q, r) => json(r, 200, {});
  if (route === "GET /api/v1/storagesystem") return (_q, r) => json(r, 200, { boxid: "00ETERNUSDXM##ET0000A####AA000001##", is_remote_copy_available: true });
  return undefined;
}

/**
 * After a fault: the client still serves a normal request on its ONE connection (no slot leaked), and
 * close() sends the logout.
 */
export async function stillServesThenLogsOut(arr: ScriptedArray, c: EternusRestClient): Promise<void> {
  // A real-time bound (not an assertion on time): a leaked slot fails here with ERR_ABORTED, not a mocha timeout.
  const system = await c.getStorageSystem({ signal: AbortSignal.timeout(5_000) });
  if (!system.boxid) throw new Error("GET /storagesystem after the fault did not answer");
  const before = arr.count(`DELETE /api/v1/session/${SESSION_ID}`);
  await c.close();
  const after = arr.count(`DELETE /api/v1/session/${SESSION_ID}`);
  if (after !== before + 1) throw new Error(`close() sent ${after - before} logouts (requests: ${arr.requests.join(", ")})`);
}

/** Inside a describe: a fresh array and a second host (`other`, for hrefs and redirects) per test. */
export function scriptedArrays(): { arr: () => ScriptedArray; other: () => ScriptedArray } {
  let arr: ScriptedArray | undefined;
  let other: ScriptedArray | undefined;
  beforeEach(async () => {
    arr = await new ScriptedArray().start();
    other = await new ScriptedArray().start();
  });
  afterEach(async () => {
    await arr?.stop();
    await other?.stop();
  });
  return { arr: () => arr!, other: () => other! };
}
