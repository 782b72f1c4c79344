/**
 * The simulator for the real-engine tests, started in THIS process (startSimulator), and a view of each
 * array (ArrayApi, over test/helpers/sim-rest.ts) to look behind Pulumi's back: list volumes and sessions,
 * inject faults through /sim/v1, do out-of-band operations through /api/v1.
 */
import * as fs from "fs";
import * as path from "path";
import { SimRest, SimArrayRef } from "../../helpers/sim-rest";
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

export type Session = { copysession_id: number; status?: string; phase?: string; transfer_mode?: string; split_mode?: string; is_local_source_volume?: boolean; [k: string]: unknown };
export type Volume = { volume_id: number; name: string; capacity: number; [k: string]: unknown };

/**
 * One array as the tests look at it, over the shared client (test/helpers/sim-rest.ts). Each call logs in
 * and out, so no test holds one of the array's 16 REST sessions.
 */
export class ArrayApi {
  private readonly rest: SimRest;
  constructor(readonly info: SimArrayRef, user: string, password: string) {
    this.rest = new SimRest(info, { user, password });
  }

  async get(p: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.rest.withLogin((c) => c.get(p));
  }

  /** A /sim/v1 admin call (synchronous, 200). */
  async admin(method: string, p: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.rest.withLogin((c) => c.admin(method, p, body));
  }

  /** A mutating /api/v1 call that answers 202 with a job; waits for the job to end and returns it. */
  async job(method: string, p: string, body?: unknown, timeoutMs = 30_000): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.rest.withLogin((c) => c.job(method, p, body, { timeoutMs }));
  }

  /** Every volume (all pages). */
  async volumes(): Promise<Volume[]> {
    return this.rest.withLogin((c) => c.list<Volume>("/volume", "volume_list"));
  }

  /** Every copy session (all pages). */
  async sessions(): Promise<Session[]> {
    return this.rest.withLogin((c) => c.list<Session>("/copysession", "copysession_list"));
  }

  async volumeByName(name: string): Promise<Volume | undefined> {
    return (await this.volumes()).find((v) => v.name === name);
  }

  async close(): Promise<void> {
    await this.rest.close();
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
