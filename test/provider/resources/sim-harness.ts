/**
 * Test harness for the provider method tests: a simulator with two arrays, a configured provider object,
 * the admin API, a log capture, and fast waits.
 */
import { startSimulator, type SimulatorHandle, type SimulatedArrayInfo } from "../../../simulator";
import { setClientFactory } from "../../../provider/resources/clients";
import { setLogSink } from "../../../provider/log";
import { timing } from "../../../provider/resources/wait";

export const SOURCE = "site-a";
export const DEST = "site-b";
/** Seeded business volume on site-a: business_vol01, 10240 MB TPV in pool 0. */
export const BUSINESS_VOLUME_ID = 100000;
export const USER = "root";
export const PASSWORD = "root-secret-pw-4711";

export interface Harness {
  sim: SimulatorHandle;
  arrays: Record<string, SimulatedArrayInfo>;
  /** The eternus:arrays JSON string as configure receives it. */
  arraysConfig: string;
  logs: string[];
  configure<T extends { configure?: (req: any) => Promise<void> }>(provider: T, arraysConfig?: string): Promise<T>;
  admin(array: string, method: string, path: string, body?: unknown): Promise<any>;
  api(array: string, method: string, path: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

/** The resource tests run against the real REST client (provider/client) and the simulator. */
export function useRealClient(): void {
  setClientFactory(undefined);
}

export async function startHarness(o: { copyRateMbps?: number; https?: boolean } = {}): Promise<Harness> {
  useRealClient();
  const sim = await startSimulator({ http: !o.https, copyRateMbps: o.copyRateMbps ?? 100_000, jobLatencyMs: 5, user: USER, password: PASSWORD, log: () => undefined });
  const arrays = Object.fromEntries(sim.arrays.map((a) => [a.name, a]));
  const arraysConfig = JSON.stringify(Object.fromEntries(sim.arrays.map((a) => [a.name, { endpoint: a.url, username: USER, password: PASSWORD }])));
  const logs: string[] = [];
  setLogSink((line) => logs.push(line));
  timing.firstIntervalMs = 20;
  timing.maxIntervalMs = 100;
  timing.progressEveryMs = 10_000;
  timing.peerGoneGraceMs = 300;
  timing.reachabilityProbeMs = 3_000;

  const tokens: Record<string, string> = {};
  async function token(array: string): Promise<string> {
    if (!tokens[array]) {
      const r = await fetch(`${arrays[array].url}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user_name: USER, password: PASSWORD }) });
      tokens[array] = ((await r.json()) as { token: string }).token;
    }
    return tokens[array];
  }
  async function request(array: string, method: string, p: string, body?: unknown): Promise<any> {
    const headers: Record<string, string> = { authorization: `Bearer ${await token(array)}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const r = await fetch(`${arrays[array].url}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    const json = text ? JSON.parse(text) : undefined;
    if (r.status >= 400) throw new Error(`${method} ${p} -> ${r.status} ${text}`);
    if (r.status === 202 && json?.job_id) {
      for (let i = 0; i < 500; i++) {
        const j = await request(array, "GET", `/api/v1/job/${json.job_id}`);
        if (["Success", "Error", "Partial_Error", "Canceled"].includes(j.status)) return j;
        await new Promise((res) => setTimeout(res, 10));
      }
    }
    return json;
  }

  return {
    sim, arrays, arraysConfig, logs,
    async configure(provider, cfg = arraysConfig) {
      const get = (k: string) => (k === "eternus:arrays" ? cfg : undefined);
      await provider.configure!({ config: { get, require: (k: string) => get(k) ?? "" } });
      return provider;
    },
    admin: (array, method, p, body) => request(array, method, `/sim/v1${p}`, body),
    api: (array, method, p, body) => request(array, method, `/api/v1${p}`, body),
    async close() {
      setLogSink(undefined);
      await sim.close();
    },
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
