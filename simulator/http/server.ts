/**
 * One node:http(s) server per simulated array. Order per request: size limit of the URL (413), bad %-escape
 * (400), path family (404), faults and the 512-job limit (503, /api/v1 only), route (404), auth (401),
 * privilege or admin role (403), then the body is read (413), content type (415), JSON (400), handler,
 * a state file save scheduled (mutations, state-file.ts), then the response or a dropped one. The body of a refused request is never
 * read (the connection is closed instead). Successful GETs are not logged; nothing secret is.
 */
import * as http from "node:http";
import * as https from "node:https";
import { API_BASE } from "../../provider/api/dialect";
import { authenticate, authorize } from "../model/auth";
import { BadRequest, Busy, NotFound, SimError, TooLarge, UnsupportedMediaType, renderError } from "../model/errors";
import { advanceWorkloads } from "../model/dependent-writes";
import { takeDrop, takeUnavailable } from "../model/faults";
import { jobsFull } from "../model/jobs";
import { MAX_BODY_BYTES, MAX_URL_BYTES, SERVER_TIMEOUTS } from "../model/sim-choices";
import { ArrayState, AuthSession } from "../model/types";
import { World } from "../model/world";
import { Ctx, Reply, ServerEnv } from "./context";
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

interface Target {
  path: string;
  url: URL;
  isApi: boolean;
}

/** 413 for a long request line; which family (/api/v1 or /sim/v1) the path belongs to. */
function parseTarget(rawUrl: string): Target {
  if (rawUrl.length > MAX_URL_BYTES) throw new TooLarge("The request line is too long", "URI");
  const url = new URL(rawUrl, "http://sim");
  const path = url.pathname;
  try {
    decodeURIComponent(path); // handlers decode path parameters; a bad escape is the client's error
  } catch {
    throw new BadRequest("The request path has an invalid percent-escape", "URI");
  }
  return { path, url, isApi: path === API_BASE || path.startsWith(`${API_BASE}/`) };
}

function isKnownFamily(t: Target): boolean {
  return t.isApi || t.path.startsWith("/sim/v1/");
}

async function readBodyOr413(req: http.IncomingMessage, res: http.ServerResponse): Promise<Buffer> {
  try {
    return await readBody(req);
  } catch (e) {
    if (!(e instanceof BodyTooLarge)) throw e;
    res.setHeader("connection", "close");
    throw new TooLarge("The request body is too large", "body");
  }
}

/** Injected 503s and the 512-job limit apply to the REST API only, never to the admin API. */
function admitApiRequest(world: World, array: ArrayState, method: string, path: string): void {
  const now = world.now();
  if (takeUnavailable(array, now, world.random)) throw new Busy("The storage system is busy", "fault");
  if (!exemptFromJobLimit(method, path) && jobsFull(array, now)) throw new Busy("The number of registered jobs reached the limit", "job");
}

function parseJson(req: http.IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  if (!isJsonContentType(req.headers["content-type"])) throw new UnsupportedMediaType("Content-Type must be application/json", "Content-Type");
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new BadRequest("The request body is not valid JSON", "body");
  }
}

/** Everything from the request line to the handler's reply; throws SimError for any refusal. */
async function dispatch(env: ServerEnv, arrayName: string, req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<{ reply: Reply; target: Target }> {
  const target = parseTarget(req.url ?? "/");
  if (!isKnownFamily(target)) throw new NotFound("The specified resource does not exist", target.path);
  const world = env.world;
  const array = world.array(arrayName);
  if (target.isApi) admitApiRequest(world, array, method, target.path);
  const m = matchRoute(method, target.path);
  if (m === undefined) throw new NotFound("The specified resource does not exist", target.path);
  if (m === "method") throw new NotFound(`The method ${method} is not supported for this resource`, target.path);
  const access = m.route.access;
  let auth: AuthSession | undefined;
  if (access !== "none") {
    auth = authenticate(world, array, bearer(req));
    if (access !== "token") authorize(world, auth, access);
  }
  const raw = await readBodyOr413(req, res);
  const body = parseJson(req, raw);
  const ctx: Ctx = {
    env, world, array, method, path: target.path, query: target.url.searchParams, params: m.params, body, auth: auth as AuthSession,
  };
  advanceWorkloads(world, { request: true }); // writes due by now (and each workload's per-request writes) land before this request sees or changes anything
  const reply = await m.route.handler(ctx);
  if (method !== "GET") {
    // Schedule a save (batched off the request path, state-file.ts).
    env.onChange();
    // A site outage takes effect before it is acknowledged: the next connection sees it.
    await env.syncEndpoints();
  }
  return { reply, target };
}

/** A request that reached an array which is down (site-outage.ts): reset, or held forever (blackhole). */
function swallowedByOutage(env: ServerEnv, arrayName: string, req: http.IncomingMessage): boolean {
  const outage = env.world.arrays.get(arrayName)?.outage;
  if (outage === "refuse") req.socket.destroy(); // slipped in while the port was closing
  else if (outage === "blackhole") {
    env.holdRequest(arrayName, req);
    env.log(`${arrayName} ${req.method ?? "GET"} ${(req.url ?? "/").split("?")[0]} held: the array is black-holed`);
  }
  return outage !== undefined;
}

async function handle(env: ServerEnv, arrayName: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (swallowedByOutage(env, arrayName, req)) return;
  const started = Date.now();
  const method = (req.method ?? "GET").toUpperCase();
  let status: number;
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  try {
    const { reply, target } = await dispatch(env, arrayName, req, res, method);
    status = reply.status;
    if (target.isApi && takeDrop(env.world.array(arrayName), { method, path: target.path })) {
      // The request ran; its response is lost (a client sees a reset connection).
      env.log(`${arrayName} ${method} ${target.path} -> ${status} DROPPED by fault`);
      req.socket.destroy();
      return;
    }
    send(res, reply.status, reply.body);
  } catch (e) {
    const r = renderError(e);
    status = r.status;
    // An unread body must not be parsed as the next request on a kept-alive connection.
    if (!req.complete) res.setHeader("connection", "close");
    if (!(e instanceof SimError)) env.log(`${arrayName} ${method} ${path} internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    send(res, r.status, r.body);
  }
  if (method !== "GET" || status >= 400) env.log(`${arrayName} ${method} ${path} -> ${status} (${Date.now() - started} ms)`);
}

export type ServerTimeouts = { -readonly [K in keyof typeof SERVER_TIMEOUTS]: number };

export function createArrayServer(env: ServerEnv, arrayName: string, tls?: TlsMaterial, timeouts: Partial<ServerTimeouts> = {}): http.Server {
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(env, arrayName, req, res).catch((e) => {
      env.log(`${arrayName} unhandled: ${String(e)}`);
      if (!res.headersSent) send(res, 500, renderError(e).body);
    });
  };
  // A slow or idle client cannot hold a connection (or the event loop's sockets) for long. Node checks the
  // header and request deadlines every connectionsCheckingInterval (default 30 s): check at least twice per deadline.
  const t: ServerTimeouts = { ...SERVER_TIMEOUTS, ...timeouts };
  const options: http.ServerOptions = { connectionsCheckingInterval: Math.max(1, Math.floor(Math.min(t.headersMs, t.requestMs) / 2)) };
  const server = tls ? https.createServer({ ...options, key: tls.key, cert: tls.cert }, listener) : http.createServer(options, listener);
  server.headersTimeout = t.headersMs;
  server.requestTimeout = t.requestMs;
  server.keepAliveTimeout = t.keepAliveMs;
  return server;
}
