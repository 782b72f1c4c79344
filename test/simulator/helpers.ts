/** Test helpers: a tiny client for the simulator over real HTTP(S) with undici. */
import { Agent, fetch } from "undici";
import { isTerminalJobStatus } from "../../provider/api/dialect";
import { SimulatorHandle, SimulatorOptions, startSimulator } from "../../simulator";

export interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export class SimClient {
  token?: string;
  sessionId?: number;
  refreshToken?: string;
  constructor(readonly baseUrl: string, readonly boxId: string, readonly dispatcher?: Agent) {}

  async req(method: string, path: string, body?: unknown, o: { contentType?: string | null; token?: string | null; raw?: string } = {}): Promise<Res> {
    const headers: Record<string, string> = {};
    const token = o.token === undefined ? this.token : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    const text = o.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (text !== undefined && o.contentType !== null) headers["content-type"] = o.contentType ?? "application/json";
    const url = path.startsWith("http") ? path : this.baseUrl + (path.startsWith("/sim/") || path.startsWith("/api/") ? path : `/api/v1${path}`);
    const r = await fetch(url, { method, headers, body: text, dispatcher: this.dispatcher });
    const t = await r.text();
    return { status: r.status, body: t ? JSON.parse(t) : undefined };
  }

  async login(user = "root", password = "root", refresh = false): Promise<Res> {
    const r = await this.req("POST", "/session", { user_name: user, password, is_refresh_token_required: refresh });
    if (r.status === 200) {
      this.token = r.body.token;
      this.sessionId = r.body.session_id;
      this.refreshToken = r.body.refresh_token;
    }
    return r;
  }

  /** Poll a job until terminal. */
  async waitJob(jobId: number, timeoutMs = 10_000): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const end = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.req("GET", `/job/${jobId}`);
      if (r.status !== 200) throw new Error(`GET /job/${jobId}: ${r.status} ${JSON.stringify(r.body)}`);
      if (isTerminalJobStatus(r.body.status)) return r.body;
      if (Date.now() > end) throw new Error(`job ${jobId} still ${r.body.status}`);
      await sleep(5);
    }
  }

  /** Send a mutating request that must be accepted (202) and wait for its job. */
  async run(method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await this.req(method, path, body);
    if (r.status !== 202) throw new Error(`${method} ${path}: expected 202, got ${r.status} ${JSON.stringify(r.body)}`);
    return this.waitJob(r.body.job_id);
  }

  async createVolume(name: string, capacity = 1024): Promise<number> {
    const job = await this.run("POST", "/volume", { name, capacity, tpp_id: 0 });
    return Number(String(job.resource_href_list[0]).split("/").pop());
  }

  async session(id: number): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await this.req("GET", `/copysession/${id}`);
    if (r.status !== 200) throw new Error(`GET /copysession/${id}: ${r.status}`);
    return r.body;
  }

  /** Poll the session until pred holds. */
  async waitSession(id: number, pred: (s: any) => boolean, timeoutMs = 10_000): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.session(id);
      if (pred(s)) return s;
      if (Date.now() > end) throw new Error(`session ${id} never matched; last ${JSON.stringify(s)}`);
      await sleep(5);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface TestSim {
  sim: SimulatorHandle;
  a: SimClient;
  b: SimClient;
  close(): Promise<void>;
}

/** Plain HTTP, fast copies and jobs unless the test says otherwise; both arrays logged in. */
export async function startTestSim(o: SimulatorOptions = {}): Promise<TestSim> {
  const sim = await startSimulator({ http: true, copyRateMbps: 1_000_000, jobLatencyMs: 4, log: () => undefined, ...o });
  const [ia, ib] = sim.arrays;
  const a = new SimClient(ia!.url, ia!.boxId);
  const b = new SimClient(ib!.url, ib!.boxId);
  await a.login();
  await b.login();
  return { sim, a, b, close: () => sim.close() };
}

/** Create a same-size volume on b and an REC session from a's volume; returns [local id, remote id]. */
export async function createRec(t: TestSim, srcVol: number, o: { mode?: string; split?: string; recovery?: string; capacity?: number; dstName?: string } = {}): Promise<{ id: number; remoteId: number; dstVol: number }> {
  const cap = o.capacity ?? (await t.a.req("GET", `/volume/${srcVol}`)).body.capacity;
  const dstVol = await t.b.createVolume(o.dstName ?? `mirror_${srcVol}_${Math.floor(Math.random() * 1e9)}`, cap);
  const body: Record<string, unknown> = {
    source_volume_id: srcVol, destination_volume_id: dstVol, source_boxid: t.a.boxId, destination_boxid: t.b.boxId,
    transfer_mode: o.mode ?? "Synchronous",
  };
  if (o.split) body.split_mode = o.split;
  if (o.recovery) body.recovery_mode = o.recovery;
  const job = await t.a.run("POST", "/copysession/rec", body);
  const id = Number(String(job.resource_href_list[0]).split("/").pop());
  const s = await t.a.session(id);
  return { id, remoteId: s.remote_copysession_id, dstVol };
}
