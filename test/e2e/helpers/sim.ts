/**
 * The simulator for the real-engine tests, started in THIS process (startSimulator), plus a small REST
 * client used to look at the arrays behind Pulumi's back: list volumes and sessions, inject faults through
 * /sim/v1, do out-of-band operations through /api/v1. Each call logs in and out (the simulator allows 16
 * live REST sessions per array).
 */
import * as fs from "fs";
import * as path from "path";
import { Agent, fetch } from "undici";
import { startSimulator, SimulatorHandle, SimulatedArrayInfo, SimulatorOptions } from "../../../simulator";

export interface E2eSim {
  handle: SimulatorHandle;
  arrays: SimulatedArrayInfo[];
  api(name: string): ArrayApi;
  /** Every REST token and refresh token the arrays have issued so far (sampled every 100 ms). */
  seenTokens(): string[];
  close(): Promise<void>;
}

/** Fast copies and jobs unless told otherwise: the e2e suite must fit a few minutes on 2 cores. */
export async function startE2eSimulator(workDir: string, o: SimulatorOptions = {}): Promise<E2eSim> {
  fs.mkdirSync(workDir, { recursive: true });
  const logFile = path.join(workDir, "simulator.log");
  const handle = await startSimulator({
    copyRateMbps: 20_000,
    jobLatencyMs: 10,
    tlsDir: path.join(workDir, "tls"),
    log: (line) => fs.appendFileSync(logFile, line + "\n"),
    ...o,
  });
  const apis = new Map<string, ArrayApi>();
  const tokens = new Set<string>();
  const sample = () => {
    for (const a of handle.world.arrays.values()) {
      for (const sess of a.authSessions.values()) {
        const rec = sess as unknown as { token?: string; refreshToken?: string };
        if (rec.token) tokens.add(rec.token);
        if (rec.refreshToken) tokens.add(rec.refreshToken);
      }
    }
  };
  const sampler = setInterval(sample, 100);
  sampler.unref();
  return {
    handle,
    arrays: handle.arrays,
    api(name: string): ArrayApi {
      let a = apis.get(name);
      if (!a) {
        const info = handle.arrays.find((x) => x.name === name);
        if (!info) throw new Error(`no simulated array ${name}`);
        a = new ArrayApi(info, o.user ?? "root", o.password ?? "root");
        apis.set(name, a);
      }
      return a;
    },
    seenTokens() {
      sample();
      return [...tokens];
    },
    async close() {
      clearInterval(sampler);
      for (const a of apis.values()) await a.close();
      await handle.close();
    },
  };
}

export interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export class ArrayApi {
  private readonly dispatcher: Agent;
  constructor(readonly info: SimulatedArrayInfo, private readonly user: string, private readonly password: string) {
    this.dispatcher = new Agent({ connect: info.caCertPem ? { ca: info.caCertPem } : {} });
  }

  private async raw(token: string | undefined, method: string, p: string, body?: unknown): Promise<Res> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const r = await fetch(this.info.url + p, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), dispatcher: this.dispatcher,
    });
    const t = await r.text();
    let parsed: unknown = t;
    try {
      parsed = t ? JSON.parse(t) : undefined;
    } catch {
      // keep the text
    }
    return { status: r.status, body: parsed };
  }

  /** Log in, run fn, log out. */
  async withToken<T>(fn: (req: (method: string, p: string, body?: unknown) => Promise<Res>) => Promise<T>): Promise<T> {
    // Logins are /api/v1 requests, so an injected 503 storm hits the test's own checks too: retry those.
    let login = await this.raw(undefined, "POST", "/api/v1/session", { user_name: this.user, password: this.password });
    for (let i = 0; login.status === 503 && i < 50; i++) {
      await new Promise((res) => setTimeout(res, 20));
      login = await this.raw(undefined, "POST", "/api/v1/session", { user_name: this.user, password: this.password });
    }
    if (login.status !== 200) throw new Error(`${this.info.name}: login ${login.status} ${JSON.stringify(login.body)}`);
    const token = login.body.token as string;
    try {
      return await fn((method, p, body) => this.raw(token, method, p, body));
    } finally {
      await this.raw(token, "DELETE", `/api/v1/session/${login.body.session_id}`).catch(() => undefined);
    }
  }

  async get(p: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.withToken(async (req) => {
      const r = await req("GET", p);
      if (r.status !== 200) throw new Error(`${this.info.name}: GET ${p}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    });
  }

  /** A /sim/v1 admin call (synchronous, 200). */
  async admin(method: string, p: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.withToken(async (req) => {
      const r = await req(method, `/sim/v1${p}`, body);
      if (r.status !== 200) throw new Error(`${this.info.name}: ${method} /sim/v1${p}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    });
  }

  /** A mutating /api/v1 call that answers 202 with a job; waits for the job to end and returns it. */
  async job(method: string, p: string, body?: unknown, timeoutMs = 30_000): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.withToken(async (req) => {
      const r = await req(method, `/api/v1${p}`, body);
      if (r.status !== 202) throw new Error(`${this.info.name}: ${method} ${p}: expected 202, got ${r.status} ${JSON.stringify(r.body)}`);
      const end = Date.now() + timeoutMs;
      for (;;) {
        const j = await req("GET", `/api/v1/job/${r.body.job_id}`);
        if (j.status === 200 && ["Success", "Error", "Partial_Error", "Canceled"].includes(j.body.status)) return j.body;
        if (Date.now() > end) throw new Error(`${this.info.name}: job ${r.body.job_id} of ${method} ${p} did not end`);
        await new Promise((res) => setTimeout(res, 20));
      }
    });
  }

  /** Every volume (all pages). */
  async volumes(): Promise<Array<{ volume_id: number; name: string; capacity: number; [k: string]: unknown }>> {
    return this.list("/api/v1/volume", "volume_list");
  }

  /** Every copy session (all pages). */
  async sessions(): Promise<Array<{ copysession_id: number; status?: string; phase?: string; transfer_mode?: string; split_mode?: string; is_local_source_volume?: boolean; [k: string]: unknown }>> {
    return this.list("/api/v1/copysession", "copysession_list");
  }

  private async list<T>(p: string, key: string): Promise<T[]> {
    return this.withToken(async (req) => {
      const out: T[] = [];
      let next: string | undefined = p;
      while (next) {
        const r: Res = await req("GET", next);
        if (r.status !== 200) throw new Error(`${this.info.name}: GET ${next}: ${r.status} ${JSON.stringify(r.body)}`);
        out.push(...((r.body[key] ?? []) as T[]));
        next = r.body.next_href as string | undefined;
      }
      return out;
    });
  }

  async volumeByName(name: string): Promise<{ volume_id: number; name: string; capacity: number } | undefined> {
    return (await this.volumes()).find((v) => v.name === name);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** Wait until pred holds (polling), or throw with the last value seen. */
export async function eventually<T>(what: string, read: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (pred(last)) return last;
    if (Date.now() > end) throw new Error(`${what}: not reached within ${timeoutMs} ms; last ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
