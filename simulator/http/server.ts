/**
 * One node:http(s) server per simulated array. Order per request: size limits (413), path family (404),
 * faults and the 512-job limit (503, /api/v1 only), route (404), auth (401), content type (415), JSON
 * (400), handler, state file save (mutations), then the response or a dropped one. Successful GETs are not logged; nothing secret is.
 */
import * as http from "node:http";
import * as https from "node:https";
import { API_BASE } from "../../provider/api/dialect";
import { authenticate } from "../model/auth";
import { BadRequest, Busy, NotFound, SimError, TooLarge, UnsupportedMediaType, renderError } from "../model/errors";
import { takeDrop, takeUnavailable } from "../model/faults";
import { jobsFull } from "../model/jobs";
import { MAX_BODY_BYTES, MAX_URL_BYTES } from "../model/sim-choices";
import { AuthSession } from "../model/types";
import { Ctx, ServerEnv } from "./context";
import { exemptFromJobLimit, matchRoute } from "./routes";

export interface TlsMaterial {
  key: string;
  cert: string;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function bearer(req: http.IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1] : undefined;
}

function isJsonContentType(v: string | undefined): boolean {
  return !!v && v.split(";")[0]!.trim().toLowerCase() === "application/json";
}

async function handle(env: ServerEnv, arrayName: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? "GET").toUpperCase();
  const rawUrl = req.url ?? "/";
  let status = 500;
  let path = rawUrl.split("?")[0] ?? "/";
  try {
    if (rawUrl.length > MAX_URL_BYTES) throw new TooLarge("The request line is too long", "URI");
    const url = new URL(rawUrl, "http://sim");
    path = url.pathname;
    const isApi = path === API_BASE || path.startsWith(`${API_BASE}/`);
    const isSim = path.startsWith("/sim/v1/");
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        res.setHeader("connection", "close");
        throw new TooLarge("The request body is too large", "body");
      }
      throw e;
    }
    if (!isApi && !isSim) throw new NotFound("The specified resource does not exist", path);
    const world = env.world;
    const array = world.array(arrayName);
    const now = world.now();
    if (isApi) {
      if (takeUnavailable(array, now, world.random)) throw new Busy("The storage system is busy", "fault");
      if (!exemptFromJobLimit(method, path) && jobsFull(array, now)) throw new Busy("The number of registered jobs reached the limit", "job");
    }
    const m = matchRoute(method, path);
    if (m === undefined) throw new NotFound("The specified resource does not exist", path);
    if (m === "method") throw new NotFound(`The method ${method} is not supported for this resource`, path);
    let auth: AuthSession | undefined;
    if (m.route.auth) auth = authenticate(world, array, bearer(req));
    let body: unknown;
    if (raw.length > 0) {
      if (!isJsonContentType(req.headers["content-type"])) throw new UnsupportedMediaType("Content-Type must be application/json", "Content-Type");
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new BadRequest("The request body is not valid JSON", "body");
      }
    }
    const ctx: Ctx = { env, world, array, method, path, query: url.searchParams, params: m.params, body, auth: auth as AuthSession };
    const reply = m.route.handler(ctx);
    status = reply.status;
    // Persist before answering: an acknowledged change survives a kill -9.
    if (method !== "GET") env.onChange();
    if (isApi && takeDrop(array, { method, path })) {
      // The request ran; its response is lost (a client sees a reset connection).
      env.log(`${arrayName} ${method} ${path} -> ${status} DROPPED by fault`);
      req.socket.destroy();
      return;
    }
    send(res, reply.status, reply.body);
  } catch (e) {
    const r = renderError(e);
    status = r.status;
    if (!(e instanceof SimError)) env.log(`${arrayName} ${method} ${path} internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    send(res, r.status, r.body);
  }
  if (method !== "GET" || status >= 400) env.log(`${arrayName} ${method} ${path} -> ${status} (${Date.now() - started} ms)`);
}

export function createArrayServer(env: ServerEnv, arrayName: string, tls?: TlsMaterial): http.Server {
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(env, arrayName, req, res).catch((e) => {
      env.log(`${arrayName} unhandled: ${String(e)}`);
      if (!res.headersSent) send(res, 500, renderError(e).body);
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  server.keepAliveTimeout = 10_000;
  return server;
}
