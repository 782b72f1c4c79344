/**
 * A small HTTP proxy in front of one simulated array, for the probe tests: it counts the requests that could
 * change something (everything but GET, the login and the logout), keeps the tokens the array hands out (so a
 * test can grep the outputs for them), and can play an array that speaks ANOTHER dialect: requests of the
 * rows with alternative forms are read with simulator/model/dialect-choice.ts in that dialect (another form
 * gets the 400 naming the parameter) and forwarded to the simulator in its default form.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_DIALECT, Dialect } from "../../../provider/api/dialect";
import { simDialectOf, SimDialect } from "../../../simulator/model/dialect-choice";
import { SimError } from "../../../simulator/model/errors";

export interface ArrayProxy {
  url: string;
  /** "METHOD path" of every request that is not a read, a login or a logout. */
  mutating: string[];
  tokens: string[];
  close(): Promise<void>;
}

type Rewrite = { path: string; body: unknown };

function translate(sim: SimDialect, method: string, url: URL, body: unknown): Rewrite {
  const req = { query: url.searchParams, body };
  const p = url.pathname;
  const forcedBody = (f: boolean) => (f ? { is_forced: true } : undefined);
  if (method === "POST" && /^\/api\/v1\/copysession\/\d+\/suspend$/.test(p)) return { path: p, body: forcedBody(sim.forced("forcedSuspend", req)) };
  if (method === "DELETE" && /^\/api\/v1\/copysession\/\d+$/.test(p)) return { path: p, body: forcedBody(sim.forced("forcedDelete", req)) };
  if (method === "POST" && p === "/api/v1/copysession/suspend") {
    const m = sim.multiSuspend(req);
    return { path: p, body: { copysession_id_list: m.ids, ...(m.forced ? { is_forced: true } : {}) } };
  }
  if (method === "DELETE" && p === "/api/v1/job") return { path: p, body: { job_id_list: sim.jobDeleteIds(req) } };
  const b = (body ?? {}) as Record<string, unknown>;
  if (method === "POST" && p === "/api/v1/copysession/rec" && !sim.recCreateExtras) {
    for (const k of ["split_mode", "recovery_mode"]) if (k in b) throw new BadRequestLike("Unknown parameter", k);
  }
  if (method === "PATCH" && Object.keys(b).length > sim.patchMaxFields) throw new BadRequestLike("Too many parameters", Object.keys(b)[1]!);
  return { path: `${p}${url.search}`, body };
}

class BadRequestLike extends Error {
  constructor(message: string, readonly factor: string) { super(message); }
}

export async function startArrayProxy(target: string, dialect: Dialect = DEFAULT_DIALECT): Promise<ArrayProxy> {
  const sim = simDialectOf(dialect);
  const translating = dialect !== DEFAULT_DIALECT;
  const mutating: string[] = [];
  const tokens: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void (async () => {
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://proxy");
      const text = Buffer.concat(chunks).toString("utf8");
      const isSession = /^\/api\/v1\/session(\/|$)/.test(url.pathname);
      if (method !== "GET" && !isSession) mutating.push(`${method} ${url.pathname}${url.search}`);
      let out: Rewrite = { path: `${url.pathname}${url.search}`, body: text ? JSON.parse(text) as unknown : undefined };
      if (translating) {
        try {
          out = translate(sim, method, url, out.body);
        } catch (e) {
          if (!(e instanceof SimError) && !(e instanceof BadRequestLike)) throw e;
          res.writeHead(400, { "content-type": "application/json" });
          res.end(JSON.stringify({ error_code: "0001", message: `${e.message} (${(e as { factor: string }).factor})`, internal_code: "0" }));
          return;
        }
      }
      const headers: Record<string, string> = { accept: "application/json" };
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      if (out.body !== undefined) headers["content-type"] = "application/json";
      const r = await fetch(`${target}${out.path}`, { method, headers, body: out.body === undefined ? undefined : JSON.stringify(out.body) });
      const reply = await r.text();
      if (isSession && method === "POST" && reply) {
        const j = JSON.parse(reply) as { token?: string; refresh_token?: string };
        for (const t of [j.token, j.refresh_token]) if (t) tokens.push(t);
      }
      res.writeHead(r.status, { "content-type": "application/json" });
      res.end(reply);
    })().catch(() => {
      // The array cut the connection (a drop-response fault): cut ours too, so the client sees a lost answer.
      res.destroy();
    }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, mutating, tokens,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
