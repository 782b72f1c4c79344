/**
 * Test harness for the provider method tests: a simulator with two arrays on a MANUAL clock, provider
 * objects configured for it and given a runtime on the same clock (waits take no wall time), the admin API,
 * and the provider's log lines. Everything the harness sets on a provider object is removed by close().
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSimulator, type SimulatorHandle, type SimulatedArrayInfo } from "../../../simulator";
import { createEternusClient } from "../../../provider/client";
import type { ArrayConnection, EternusClient } from "../../../provider/client/types";
import { setProviderRuntime, type WaitPolicy } from "../../../provider/resources/common/provider-runtime";
import { ManualRuntime } from "../../helpers/manual-runtime";
import { SimRest } from "../../helpers/sim-rest";

export const SOURCE = "site-a";
export const DEST = "site-b";
/** Seeded business volume on site-a: business_vol01, 10240 MB TPV in pool 0. */
export const BUSINESS_VOLUME_ID = 100000;
export const USER = "root";
export const PASSWORD = "root-secret-pw-4711";

/** Short waits where a test needs them (on the manual clock these cost no wall time anyway). */
const TEST_POLICY: WaitPolicy = { firstIntervalMs: 20, maxIntervalMs: 100, progressEveryMs: 10_000, peerGoneGraceMs: 300, reachabilityProbeMs: 3_000 };

export interface Harness {
  sim: SimulatorHandle;
  arrays: Record<string, SimulatedArrayInfo>;
  rt: ManualRuntime;
  /** Where the configured providers keep create intents (a fresh temporary folder). */
  intentDir: string;
  /** The eternus:arrays JSON string as configure receives it. */
  arraysConfig: string;
  /** The provider's log lines. */
  logs: string[];
  /** Every request the providers' clients made ("<array> <METHOD> <path>"), logins included. */
  requests: string[];
  /** `extra`: other stack config keys (e.g. "eternus:previewChecks"). */
  configure<T extends { configure?: (req: any) => Promise<void> }>(provider: T, arraysConfig?: string, extra?: Record<string, string>): Promise<T>;
  /** Changes the wait policy of every provider this harness configured (reset with no argument). */
  setPolicy(p?: Partial<WaitPolicy>): void;
  admin(array: string, method: string, path: string, body?: unknown): Promise<any>;
  api(array: string, method: string, path: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

export async function startHarness(o: { copyRateMbps?: number; https?: boolean } = {}): Promise<Harness> {
  const rt = new ManualRuntime();
  const sim = await startSimulator({ http: !o.https, copyRateMbps: o.copyRateMbps ?? 100_000, jobLatencyMs: 5, user: USER, password: PASSWORD, log: () => undefined, clock: rt.clock });
  const arrays = Object.fromEntries(sim.arrays.map((a) => [a.name, a]));
  const arraysConfig = JSON.stringify(Object.fromEntries(sim.arrays.map((a) => [a.name, { endpoint: a.url, username: USER, password: PASSWORD, allowHttp: true }])));
  const configured = new Set<object>();
  const clients: EternusClient[] = [];
  const requests: string[] = [];
  let policy: WaitPolicy = { ...TEST_POLICY };
  // Clients on the manual clock; one per connection and provider object, logged out by close().
  const clientFactory = (conn: ArrayConnection): EternusClient => {
    const c = createEternusClient(conn, { sleep: rt.sleep, now: rt.now, random: rt.random, log: rt.log, onRequest: (e) => requests.push(`${conn.name} ${e.method} ${e.path}`) });
    clients.push(c);
    return c;
  };
  const factory = memo(clientFactory);
  const intentDir = fs.mkdtempSync(path.join(os.tmpdir(), "eternus-intents-"));
  const apply = (p: object) => setProviderRuntime(p, { rt, policy, clientFactory: factory, intentDir });

  // The harness's own view of the arrays (the one test REST client), logged in on first use.
  const rest: Record<string, SimRest> = Object.fromEntries(sim.arrays.map((a) => [a.name, new SimRest(a, { user: USER, password: PASSWORD })]));
  async function request(array: string, method: string, p: string, body?: unknown): Promise<any> {
    const c = rest[array]!;
    if (!c.token) await c.login();
    let r = await c.request(method, p, body);
    // An array rebuilt by an empty restore knows no token: log in again once.
    if (r.status === 401) {
      await c.login();
      r = await c.request(method, p, body);
    }
    if (r.status >= 400) throw new Error(`${method} ${p} -> ${r.status} ${JSON.stringify(r.body)}`);
    // The job runs on the manual clock: move it between polls.
    if (r.status === 202 && r.body?.job_id) return c.waitJob(r.body.job_id, { advance: () => rt.advance(10) });
    return r.body;
  }

  return {
    sim, arrays, rt, intentDir, arraysConfig, logs: rt.lines, requests,
    async configure(provider, cfg = arraysConfig, extra = {}) {
      const get = (k: string) => (k === "eternus:arrays" ? cfg : extra[k]);
      await provider.configure!({ config: { get, require: (k: string) => get(k) ?? "" } });
      configured.add(provider);
      apply(provider);
      return provider;
    },
    setPolicy(p) {
      policy = { ...TEST_POLICY, ...p };
      for (const x of configured) apply(x);
    },
    admin: (array, method, p, body) => request(array, method, `/sim/v1${p}`, body),
    api: (array, method, p, body) => request(array, method, `/api/v1${p}`, body),
    async close() {
      for (const p of configured) setProviderRuntime(p, undefined);
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await Promise.all(Object.values(rest).map((c) => c.close()));
      await sim.close();
    },
  };
}

/** One client per connection (the real factory caches per process the same way). */
function memo(f: (conn: ArrayConnection) => EternusClient): (conn: ArrayConnection) => EternusClient {
  const cache = new Map<string, EternusClient>();
  return (conn) => {
    const key = JSON.stringify(conn);
    let c = cache.get(key);
    if (!c) cache.set(key, (c = f(conn)));
    return c;
  };
}

/** Run `fn`, expect it to reject; returns the error. */
export async function rejects(fn: () => Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await fn();
  } catch (e) {
    return e as Error & Record<string, any>;
  }
  throw new Error("expected a rejection");
}

/** Asserts a value is JSON-plain: survives a JSON round trip unchanged (no undefined, Dates, Buffers). */
export function assertJsonPlain(value: unknown): void {
  const walk = (v: unknown, where: string): void => {
    if (v === undefined) throw new Error(`undefined at ${where}`);
    if (v === null || typeof v === "string" || typeof v === "boolean") return;
    if (typeof v === "number") { if (!Number.isFinite(v)) throw new Error(`non-finite at ${where}`); return; }
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}[${i}]`));
    if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [k, x] of Object.entries(v as object)) walk(x, `${where}.${k}`);
      return;
    }
    throw new Error(`not JSON-plain at ${where}: ${Object.prototype.toString.call(v)}`);
  };
  walk(value, "$");
}
