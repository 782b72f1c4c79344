/**
 * THE REST client of the tests (and of the demo and the bench) for the simulator: the ETERNUS API under
 * /api/v1 and the admin (fault) API under /sim/v1 of one simulated array. JSON in and out, the array's own CA
 * (never a process-wide TLS switch), login/logout, a retry of logins on 503 (an injected 503 storm must not
 * break a test's own checks), jobs (on the wall clock or a test's manual clock), paging, a few shortcuts.
 *
 * Deliberately not the provider's client (provider/client): tests use this one to look at the arrays
 * behind the provider's back, so a bug in the provider's client cannot hide itself.
 */
import { Agent, fetch } from "undici";

export interface SimArrayRef {
  /** For messages. */
  name: string;
  /** `https://127.0.0.1:port` (or http://). */
  url: string;
  /** PEM of the CA that signed the array's certificate; null/undefined for http or the system store. */
  caCertPem?: string | null;
  /** The array's box id, for bodies that name it (boxId below). */
  boxId?: string;
}

export interface RestReply {
  status: number;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  /** Override the client's token: a string, or null to send none. */
  token?: string | null;
  /** Send this text as the body instead of JSON.stringify(body). */
  raw?: string;
  /** Content-Type of a body; null sends none (415 tests). Default application/json. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

export interface LoginOptions {
  user?: string;
  password?: string;
  /** Ask for a refresh token too. */
  refresh?: boolean;
  /** Retries while the login answers 503 (default 50, 20 ms apart). */
  retries503?: number;
}

export interface WaitJobOptions {
  /** Wall-clock limit (default 30 s). */
  timeoutMs?: number;
  /** Pause between polls on the wall clock (default 10 ms); ignored with `advance`. */
  pollMs?: number;
  /** A test on a manual clock: move it (instead of sleeping) between polls. */
  advance?: () => void;
}

export interface LoginReply {
  token: string;
  sessionId: number;
  refreshToken?: string;
}

/** Terminal job statuses of the manual (job-get). */
const TERMINAL = ["Success", "Error", "Partial_Error", "Canceled"];

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class SimRest {
  /** Bearer token sent by default once logged in. */
  token?: string;
  sessionId?: number;
  refreshToken?: string;
  private readonly dispatcher: Agent;
  private readonly ownsDispatcher: boolean;

  /** `shared`: reuse another client's connection pool (withLogin does). */
  constructor(readonly array: SimArrayRef, readonly credentials: { user: string; password: string } = { user: "root", password: "root" }, shared?: SimRest) {
    this.ownsDispatcher = !shared;
    this.dispatcher = shared ? shared.dispatcher : new Agent({ connect: array.caCertPem ? { ca: array.caCertPem } : {} });
  }

  /** The array's box id (the SimArrayRef must carry it). */
  get boxId(): string {
    if (!this.array.boxId) throw new Error(`${this.array.name}: no boxId in the array reference`);
    return this.array.boxId;
  }

  /** `p`: a full path (/api/v1/..., /sim/v1/...), an absolute URL, or a path under /api/v1 ("/volume"). */
  private urlOf(p: string): string {
    if (/^https?:/.test(p)) return p;
    return this.array.url + (p.startsWith("/api/") || p.startsWith("/sim/") ? p : `/api/v1${p}`);
  }

  /** Any request (paths as urlOf). Never throws on a status. */
  async request(method: string, p: string, body?: unknown, o: RequestOptions = {}): Promise<RestReply> {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? this.token : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    const text = o.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (text !== undefined && o.contentType !== null) headers["content-type"] = o.contentType ?? "application/json";
    const r = await fetch(this.urlOf(p), { method, headers, body: text, dispatcher: this.dispatcher });
    const t = await r.text();
    let parsed: unknown = undefined;
    if (t) {
      try {
        parsed = JSON.parse(t);
      } catch {
        parsed = t;
      }
    }
    return { status: r.status, body: parsed };
  }

  /** One POST /api/v1/session, whatever it answers (tests of the login itself); sets this.token on 200. */
  async tryLogin(o: Omit<LoginOptions, "retries503"> = {}): Promise<RestReply> {
    const body: Record<string, unknown> = { user_name: o.user ?? this.credentials.user, password: o.password ?? this.credentials.password };
    if (o.refresh) body.is_refresh_token_required = true;
    const r = await this.request("POST", "/api/v1/session", body, { token: null });
    if (r.status === 200) {
      this.token = r.body.token;
      this.sessionId = r.body.session_id;
      this.refreshToken = r.body.refresh_token;
    }
    return r;
  }

  /** POST /api/v1/session; retries 503 answers; throws on any other failure. Sets this.token. */
  async login(o: LoginOptions = {}): Promise<LoginReply> {
    let r = await this.tryLogin(o);
    for (let i = 0; r.status === 503 && i < (o.retries503 ?? 50); i++) {
      await pause(20);
      r = await this.tryLogin(o);
    }
    // Never echo the body: a failed login answer is harmless, but keep the habit for request bodies.
    if (r.status !== 200) throw new Error(`${this.array.name}: login answered ${r.status} ${JSON.stringify(r.body)}`);
    return { token: r.body.token, sessionId: r.body.session_id, refreshToken: r.body.refresh_token };
  }

  /**
   * DELETE /api/v1/session/{id} of the current login; quiet when there is none or it already ended. Retries
   * 503 answers like login: a test that has just turned on a 503 storm must not leave its own login open.
   */
  async logout(): Promise<void> {
    if (this.token === undefined || this.sessionId === undefined) return;
    const id = this.sessionId;
    // Retried on 503: a test that has just installed a 503 storm logs out into it, and a logout lost there
    // would count as a login the plugin left open.
    for (let i = 0; i < 50; i++) {
      const r = await this.request("DELETE", `/api/v1/session/${id}`).catch(() => undefined);
      if (r?.status !== 503) break;
      await pause(20);
    }
    this.token = this.sessionId = this.refreshToken = undefined;
  }

  /** Log in, run fn, log out (the simulator allows 16 live REST sessions per array). */
  async withLogin<T>(fn: (c: SimRest) => Promise<T>): Promise<T> {
    const c = new SimRest(this.array, this.credentials, this);
    await c.login();
    try {
      return await fn(c);
    } finally {
      await c.logout();
    }
  }

  /** A request that must answer 200 (or `expect`); returns the body. */
  async json(method: string, p: string, body?: unknown, expect = 200): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await this.request(method, p, body);
    if (r.status !== expect) throw new Error(`${this.array.name}: ${method} ${p}: expected ${expect}, got ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  get(p: string): Promise<any> { return this.json("GET", p); } // eslint-disable-line @typescript-eslint/no-explicit-any
  post(p: string, body?: unknown): Promise<any> { return this.json("POST", p, body); } // eslint-disable-line @typescript-eslint/no-explicit-any
  patch(p: string, body?: unknown): Promise<any> { return this.json("PATCH", p, body); } // eslint-disable-line @typescript-eslint/no-explicit-any
  delete(p: string, body?: unknown): Promise<any> { return this.json("DELETE", p, body); } // eslint-disable-line @typescript-eslint/no-explicit-any

  /** A /sim/v1 admin call (synchronous, 200): `admin("POST", "/faults/unavailable", { count: 3 })`. */
  admin(method: string, p: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.json(method, `/sim/v1${p}`, body);
  }

  /** Poll GET /api/v1/job/{id} until it is terminal; returns the job. */
  async waitJob(jobId: number, o: WaitJobOptions = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const timeoutMs = o.timeoutMs ?? 30_000;
    const end = Date.now() + timeoutMs;
    for (;;) {
      const j = await this.get(`/api/v1/job/${jobId}`);
      if (TERMINAL.includes(j.status)) return j;
      if (Date.now() > end) throw new Error(`${this.array.name}: job ${jobId} still ${j.status} after ${timeoutMs} ms`);
      if (o.advance) o.advance();
      else await pause(o.pollMs ?? 10);
    }
  }

  /** A mutating call that must answer 202 with a job: waits for the job and returns it (paths as request). */
  async job(method: string, p: string, body?: unknown, o: WaitJobOptions = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const accepted = await this.json(method, p, body, 202);
    return this.waitJob(accepted.job_id, o);
  }

  /** POST /volume (TPV in pool 0), waits for the job; the new volume's id. */
  async createVolume(name: string, capacity = 1024): Promise<number> {
    return SimRest.createdId(await this.job("POST", "/volume", { name, capacity, tpp_id: 0 }));
  }

  /** GET /copysession/{id}; throws unless 200. */
  session(id: number): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.get(`/api/v1/copysession/${id}`);
  }

  /** Poll the session until pred holds (wall clock). */
  async waitSession(id: number, pred: (s: any) => boolean, timeoutMs = 10_000): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.session(id);
      if (pred(s)) return s;
      if (Date.now() > end) throw new Error(`${this.array.name}: session ${id} never matched; last ${JSON.stringify(s)}`);
      await pause(5);
    }
  }

  /** Every item of a paged /api/v1 list (follows next_href): `list("/volume", "volume_list")`. */
  async list<T = any>(p: string, key: string): Promise<T[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const out: T[] = [];
    let next: string | undefined = `/api/v1${p}`;
    while (next) {
      const body: any = await this.get(next); // eslint-disable-line @typescript-eslint/no-explicit-any
      out.push(...((body[key] ?? []) as T[]));
      next = body.next_href as string | undefined;
    }
    return out;
  }

  /** The id at the end of a job's first resource href (what a create returns). */
  static createdId(job: { resource_href_list?: string[] }): number {
    const href = job.resource_href_list?.[0];
    if (!href) throw new Error(`job has no resource_href_list: ${JSON.stringify(job)}`);
    return Number(href.split("/").pop());
  }

  /** Close the connection pool (a client made with `shared` leaves it to its owner). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
