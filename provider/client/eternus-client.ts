/**
 * EternusClient (types.ts) on top of transport, auth, retry, jobs and paging. One instance per array;
 * normally obtained from client-registry.ts (one per array per process). Created at call time only: it
 * holds an undici Pool and the password, so it must never be captured by closure serialization.
 */
import { z } from "zod";
import { BackupType, JOB_FIELDS, enumEquals, idFromHref, isTerminalJobStatus } from "../api/dialect";
import * as copySessionsApi from "../api/copy-sessions";
import * as jobsApi from "../api/jobs";
import type { ApiRequest } from "../api/request";
import { describeIssues } from "../api/schema-kit";
import * as sessionApi from "../api/session";
import * as storageApi from "../api/storage-system";
import * as volumesApi from "../api/volumes";
import { SessionAuth } from "./auth";
import { arrayConfigKey, envName } from "./config-keys";
import { EternusApiError, EternusConfigError, EternusError, EternusJobError, hasStatus, isOutcomeUnknown } from "./errors";
import { leaseEpoch } from "./lease-epoch";
import { JobRecordBatch, MAX_BATCH } from "./job-records";
import { DEFAULT_JOB_POLL_POLICY, JobDurations, JobPollPolicy, deleteJobRecord, resourceIds, waitForJob } from "./jobs";
import { collectPages } from "./paging";
import { DEFAULT_RETRY_POLICY, RetryPolicy, withRetry } from "./retry";
import { Runtime, Sleep, defaultRuntime } from "./runtime";
import { HttpTransport, Transport, TransportOptions, pathOnly } from "./transport";
import type {
  ArrayConnection, CallOptions, CopySession, CreateRecSessionRequest, CreateVolumeRequest, EternusClient,
  JobSummary, MultiSuspendResult, RecentReadOptions, SessionInfo, StorageSystem, Volume, VolumeCopySessions,
} from "./types";

/** One request as seen on the wire (for tests and debugging). Never carries bodies or tokens. */
export interface RequestEvent {
  method: string;
  /** Path with query string. */
  path: string;
  label?: string;
  /** HTTP status, 0 for transport failures. */
  status: number;
  code?: string;
}

export interface EternusClientOptions {
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  /** A signal aborting after `ms` of the same clock as `now` (bounds close(); default real time). */
  timeout?: (ms: number) => AbortSignal;
  /** Warnings and retry lines (default: stderr). */
  log?: (line: string) => void;
  /** Called after every HTTP exchange, logins included. */
  onRequest?: (event: RequestEvent) => void;
  retry?: Partial<RetryPolicy>;
  jobPoll?: Partial<JobPollPolicy>;
  /** Parallel connections per array (default 4). */
  connections?: number;
  /** Tests: the transport to use instead of undici (gets the options the real one would). */
  transport?: (conn: ArrayConnection, o: TransportOptions) => HttpTransport;
  /** Logout retry bound (default auth.ts LOGOUT_RETRY_POLICY). */
  logoutRetry?: RetryPolicy;
  /** Finished job records deleted per DELETE /job (default job-records.ts MAX_BATCH; 1 = right after each job). */
  jobRecordBatch?: number;
}

/** Session ids per GET /copysession?copysession_id=... request. */
const IDS_PER_LIST_REQUEST = 100;

/** Hard cap on logout, retries included (auth.ts bounds the retries to 3.5 s). */
const LOGOUT_TIMEOUT_MS = 5_000;

/** Of a bounded close, what job-record cleanup leaves to the logout (its retry deadline plus one answer). */
const LOGOUT_RESERVE_MS = 3_700;

export class EternusRestClient implements EternusClient {
  readonly arrayName: string;
  readonly endpoint: string;
  private readonly transport: HttpTransport;
  private readonly auth: SessionAuth;
  private readonly runtime: Runtime;
  private readonly retryPolicy: RetryPolicy;
  private readonly jobPolicy: JobPollPolicy;
  private readonly jobDurations: JobDurations;
  private readonly onRequest?: (event: RequestEvent) => void;
  /** Errors raised while logging in: retried as idempotent whatever the request. */
  private readonly authErrors = new WeakSet<object>();
  private closing: Promise<void> | undefined;
  /**
   * The last GET /storagesystem, for callers that accept a recent one (maxAgeMs) within one stretch of
   * overlapping operations. Forgotten on any transport failure: an array that went away may come back as
   * another box (a new box id).
   */
  private recentSystem: { at: number; epoch: number; value: StorageSystem } | undefined;
  private sessionInfo: { id: number | string; value: SessionInfo } | undefined;
  private readonly jobRecords: JobRecordBatch;
  /** Job ids this client was given (to bracket the job of a request whose answer was lost). */
  private readonly acceptedJobIds: number[] = [];
  private mutationCount = 0;
  private readonly lostMutations: LostMutation[] = [];
  /** http:// endpoint (allowHttp): logins are never re-sent, each would expose the password again. */
  private readonly plainHttp: boolean;

  constructor(conn: ArrayConnection, opts: EternusClientOptions = {}) {
    if (!conn.name) throw new EternusConfigError("array connection has no name");
    if (!conn.username || !conn.password) {
      throw new EternusConfigError(`array "${conn.name}": username and password are required (${arrayConfigKey(conn.name, "username")}, ${arrayConfigKey(conn.name, "password")})`, { arrayName: conn.name });
    }
    this.arrayName = conn.name;
    this.runtime = defaultRuntime({ sleep: opts.sleep, now: opts.now, random: opts.random, log: opts.log, timeout: opts.timeout });
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.jobPolicy = { ...DEFAULT_JOB_POLL_POLICY, ...opts.jobPoll };
    this.jobDurations = new JobDurations(this.jobPolicy.initialIntervalMs);
    if (opts.onRequest) this.onRequest = opts.onRequest;
    const transportOptions: TransportOptions = { redact: (t) => this.redact(t), connections: opts.connections };
    this.transport = opts.transport ? opts.transport(conn, transportOptions) : new Transport(conn, transportOptions);
    this.endpoint = this.transport.endpoint.origin;
    this.plainHttp = this.transport.endpoint.protocol === "http:";
    this.auth = new SessionAuth({
      arrayName: conn.name, username: conn.username, password: conn.password, runtime: this.runtime,
      send: (req, token, signal) => this.sendOnce(req, token, signal),
      logoutRetry: opts.logoutRetry,
    });
    this.jobRecords = new JobRecordBatch({ arrayName: conn.name, runtime: this.runtime, send: (r, signal) => this.request(r, { signal }) }, opts.jobRecordBatch ?? MAX_BATCH);
    if (conn.insecureSkipVerify && !this.plainHttp && firstWarning(`insecure ${conn.name} ${this.endpoint}`)) {
      this.runtime.log(`[eternus] WARNING: array ${conn.name}: TLS certificate verification is DISABLED for ${this.endpoint} (insecureSkipVerify); use caCert/caCertFile instead`);
    }
    if (this.plainHttp && firstWarning(`http ${conn.name} ${this.endpoint}`)) {
      // Only reachable with allowHttp (endpoint.ts refuses http:// otherwise).
      this.runtime.log(`[eternus] WARNING: array ${conn.name}: plain HTTP to ${this.endpoint}: the password and tokens travel UNENCRYPTED ` +
        `(${arrayConfigKey(conn.name, "allowHttp")} / ${envName(conn.name, "ALLOW_HTTP")}); use https:// for a real array`);
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Request pipeline: sendOnce (transport + event) <- request (auth, one re-login on 401) <- withRetry.
  // ------------------------------------------------------------------------------------------------------

  private redact(text: string): string {
    let out = text;
    for (const s of this.auth?.secrets() ?? []) out = out.split(s).join("[REDACTED]");
    return out;
  }

  private async sendOnce(req: ApiRequest, token: string | undefined, signal?: AbortSignal): Promise<{ status: number; data: unknown }> {
    try {
      const res = await this.transport.send({ method: req.method, path: req.path, body: req.body, token, sensitive: req.sensitive, signal });
      this.onRequest?.({ method: req.method, path: req.path, label: req.label, status: res.status });
      return res;
    } catch (e) {
      const err = e as EternusApiError;
      if (err.transport) this.recentSystem = undefined;
      this.onRequest?.({ method: req.method, path: req.path, label: req.label, status: err.status ?? 0, code: err.code });
      throw e;
    }
  }

  /**
   * Send one API request with authentication and retries; returns the status and parsed JSON. 4xx/5xx and
   * transport failures throw EternusApiError (ERR_LOST_RESPONSE when a non-idempotent request may have run).
   */
  async request(req: ApiRequest, o?: CallOptions): Promise<{ status: number; data: unknown }> {
    const signal = o?.signal;
    return withRetry(async () => {
      let token: string;
      try {
        token = await this.auth.token(signal);
      } catch (e) {
        if (typeof e === "object" && e !== null) this.authErrors.add(e);
        throw e;
      }
      try {
        return await this.sendOnce(req, token, signal);
      } catch (e) {
        if (!hasStatus(e, 401)) throw e;
        // One re-login, one re-send (401 means the request was not executed); a second 401 fails.
        this.runtime.log(`[eternus] array ${this.arrayName}: ${req.method} ${pathOnly(req.path)} answered 401; logging in again`);
        let fresh: string;
        try {
          fresh = await this.auth.renewAfter401(token, signal);
        } catch (le) {
          if (typeof le === "object" && le !== null) this.authErrors.add(le);
          throw le;
        }
        return await this.sendOnce(req, fresh, signal);
      }
    }, {
      req, arrayName: this.arrayName, policy: this.retryPolicy, runtime: this.runtime, signal,
      idempotentError: (e) => typeof e === "object" && e !== null && this.authErrors.has(e),
      finalError: (e) => this.plainHttp && typeof e === "object" && e !== null && this.authErrors.has(e),
    });
  }

  /** A mutating request: send, wait for its job (if any), delete the job record. Returns the job. */
  private async mutate(req: ApiRequest, o?: CallOptions): Promise<jobsApi.Job | undefined> {
    this.mutationCount++;
    try {
      return await this.mutateOnce(req, o);
    } finally {
      this.mutationCount++;
    }
  }

  /** See EternusClient.mutations. */
  get mutations(): number {
    return this.mutationCount;
  }

  private async mutateOnce(req: ApiRequest, o?: CallOptions): Promise<jobsApi.Job | undefined> {
    let res: { status: number; data: unknown };
    try {
      res = await this.request(req, o);
    } catch (e) {
      if (isOutcomeUnknown(e)) this.lostMutations.push(lostMutation(req, Math.max(0, ...this.acceptedJobIds)));
      throw e;
    }
    const accepted = jobsApi.acceptedSchema().safeParse(res.data);
    if (accepted.success) this.acceptedJobIds.push(accepted.data.job_id);
    if (!accepted.success) {
      if (res.status === 202) throw this.badResponse(req, res.status, `202 without a job: ${describeIssues(accepted.error)}`);
      return undefined; // synchronous answer (200/204): nothing to wait for
    }
    return waitForJob(accepted.data.job_id, req, {
      arrayName: this.arrayName, runtime: this.runtime, policy: this.jobPolicy, durations: this.jobDurations,
      send: (r, signal) => this.request(r, { signal }),
      releaseRecord: (id, signal) => this.jobRecords.add(id, signal),
    }, o?.signal);
  }

  private parse<S extends z.ZodType>(schema: S, req: ApiRequest, res: { status: number; data: unknown }): z.output<S> {
    const r = schema.safeParse(res.data);
    if (!r.success) throw this.badResponse(req, res.status, `reply not understood: ${describeIssues(r.error)}`);
    return r.data;
  }

  private badResponse(req: ApiRequest, status: number, why: string): EternusApiError {
    return new EternusApiError({ arrayName: this.arrayName, method: req.method, path: pathOnly(req.path), status, code: "ERR_BAD_RESPONSE", arrayMessage: why });
  }

  private async getOrUndefined<S extends z.ZodType>(req: ApiRequest, schema: S, o?: CallOptions): Promise<z.output<S> | undefined> {
    try {
      return this.parse(schema, req, await this.request(req, o));
    } catch (e) {
      if (hasStatus(e, 404)) return undefined;
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // EternusClient
  // ------------------------------------------------------------------------------------------------------

  async getStorageSystem(o?: CallOptions & RecentReadOptions): Promise<StorageSystem> {
    const kept = this.recentSystem;
    if (o?.maxAgeMs !== undefined && kept && kept.epoch === leaseEpoch() && this.runtime.now() - kept.at <= o.maxAgeMs) return kept.value;
    const req = storageApi.getStorageSystem();
    const value = this.parse(storageApi.storageSystemSchema(), req, await this.request(req, o));
    this.recentSystem = { at: this.runtime.now(), epoch: leaseEpoch(), value };
    return value;
  }

  async getSessionInfo(o?: CallOptions): Promise<SessionInfo> {
    await this.auth.token(o?.signal);
    const id = this.auth.sessionId;
    if (id === undefined) throw new EternusError(`array ${this.arrayName}: no session`, "ERR_UNAUTHORIZED");
    // A login's own session (user, roles) does not change while it lasts: read once per login.
    if (this.sessionInfo?.id === id) return this.sessionInfo.value;
    const req = sessionApi.getSession(id);
    const value = this.parse(sessionApi.sessionInfoSchema(), req, await this.request(req, o));
    this.sessionInfo = { id, value };
    return value;
  }

  async listVolumes(query?: { name?: string; fields?: string[] }, o?: CallOptions): Promise<Volume[]> {
    // name and capacity are required by Volume, so a narrowed list still carries them.
    const fields = query?.fields?.length ? [...new Set([...query.fields, "name", "capacity"])] : undefined;
    const first = volumesApi.listVolumes({ fields });
    const all = await collectPages(first, async (req) => this.parse(volumesApi.volumeListPageSchema(), req, await this.request(req, o)), this.arrayName);
    return query?.name === undefined ? all : all.filter((v) => v.name === query.name);
  }

  async getVolume(volumeId: number, o?: CallOptions): Promise<Volume | undefined> {
    return this.getOrUndefined(volumesApi.getVolume(volumeId), volumesApi.volumeSchema(), o);
  }

  async createVolume(req: CreateVolumeRequest, o?: CallOptions): Promise<Volume> {
    const r = volumesApi.createVolume(req);
    const job = await this.mutate(r, o);
    let id = job ? resourceIds(job, "volume")[0] : undefined;
    if (id === undefined) {
      // The job did not name the volume: the name is unique on the array.
      id = (await this.listVolumes({ name: req.name }, o))[0]?.volume_id;
    }
    const vol = id === undefined ? undefined : await this.getVolume(id, o);
    if (!vol) throw this.badResponse(r, 202, `volume "${req.name}" was created but cannot be read back`);
    return vol;
  }

  async renameVolume(volumeId: number, newName: string, o?: CallOptions): Promise<void> {
    await this.mutate(volumesApi.renameVolume(volumeId, newName), o);
  }

  async expandVolume(volumeId: number, newCapacityMb: number, o?: CallOptions): Promise<void> {
    await this.mutate(volumesApi.expandVolume(volumeId, newCapacityMb), o);
  }

  async deleteVolume(volumeId: number, o?: CallOptions): Promise<void> {
    try {
      await this.mutate(volumesApi.deleteVolume(volumeId), o);
    } catch (e) {
      if (hasStatus(e, 404)) return;
      // Outcome unknown: gone means done; otherwise let the caller decide.
      if (isOutcomeUnknown(e) && (await this.getVolume(volumeId, o)) === undefined) return;
      throw e;
    }
  }

  listCopySessions(o?: CallOptions): Promise<CopySession[]>;
  listCopySessions(ids: readonly number[], o?: CallOptions): Promise<CopySession[]>;
  async listCopySessions(idsOrOptions?: readonly number[] | CallOptions, options?: CallOptions): Promise<CopySession[]> {
    const ids = Array.isArray(idsOrOptions) ? idsOrOptions : undefined;
    const o = Array.isArray(idsOrOptions) ? options : (idsOrOptions as CallOptions | undefined);
    const list = (q?: { copySessionIds: number[] }) => collectPages(copySessionsApi.listCopySessions(q),
      async (req) => this.parse(copySessionsApi.copySessionListPageSchema(), req, await this.request(req, o)), this.arrayName);
    if (!ids) return list();
    // An empty filter would mean "every session": send nothing. Chunks keep the request line short (413).
    const unique = [...new Set(ids)];
    const out: CopySession[] = [];
    for (let i = 0; i < unique.length; i += IDS_PER_LIST_REQUEST) {
      out.push(...await list({ copySessionIds: unique.slice(i, i + IDS_PER_LIST_REQUEST) }));
    }
    return out;
  }

  async getCopySession(copySessionId: number, o?: CallOptions): Promise<CopySession | undefined> {
    return this.getOrUndefined(copySessionsApi.getCopySession(copySessionId), copySessionsApi.copySessionSchema(), o);
  }

  async getVolumeCopySessions(volumeId: number, o?: CallOptions): Promise<VolumeCopySessions | undefined> {
    return this.getOrUndefined(copySessionsApi.getVolumeCopySessions(volumeId), copySessionsApi.volumeCopySessionsSchema(), o);
  }

  async createRecSession(req: CreateRecSessionRequest, o?: CallOptions): Promise<number> {
    const r = copySessionsApi.createRecSession(req);
    const job = await this.mutate(r, o);
    const id = job ? resourceIds(job, "copysession")[0] : undefined;
    if (id !== undefined) return id;
    // The job did not name the session: find it through the source volume (docs/rest-api.md#volume-copy-sessions).
    const vcs = await this.getVolumeCopySessions(req.sourceVolumeId, o);
    const entry = vcs?.backup_volume_list.find((b) => enumEquals(b.backup_type, BackupType.RemoteMirror)
      && String(b.destination_boxid ?? "").toUpperCase() === req.destinationBoxId.toUpperCase()
      && idFromHref(b.volume_href) === req.destinationVolumeId);
    const found = idFromHref(entry?.copysession_href);
    if (found === undefined) throw this.badResponse(r, 202, "the REC session was created but its id is in neither the job nor the source volume's sessions");
    return found;
  }

  async patchCopySession(copySessionId: number, field: "transfer_mode" | "split_mode" | "recovery_mode", value: string, o?: CallOptions): Promise<void> {
    await this.mutate(copySessionsApi.patchCopySession(copySessionId, field, value), o);
  }

  async suspendCopySession(copySessionId: number, opts: { forced: boolean }, o?: CallOptions): Promise<void> {
    await this.mutate(copySessionsApi.suspendCopySession(copySessionId, opts.forced), o);
  }

  async suspendCopySessions(copySessionIds: readonly number[], opts: { forced: boolean }, o?: CallOptions): Promise<MultiSuspendResult[]> {
    if (copySessionIds.length === 0) return [];
    try {
      await this.mutate(copySessionsApi.suspendCopySessions(copySessionIds, opts.forced), o);
      return copySessionIds.map((id) => ({ copySessionId: id, accepted: true }));
    } catch (e) {
      if (!(e instanceof EternusJobError) || !e.job) throw e;
      // Partial_Error/Error: only the job's succeeded list counts as suspended; anything else did not happen.
      const succeeded = new Set((e.job[JOB_FIELDS.succeededHrefs] as string[] | undefined ?? []).map((h) => idFromHref(h)));
      const failed = new Map(e.failedResources.map((f) => [idFromHref(f.resource_href), f]));
      return copySessionIds.map((id) => {
        if (succeeded.has(id)) return { copySessionId: id, accepted: true };
        const f = failed.get(id);
        return { copySessionId: id, accepted: false, errorCode: f?.error_code, message: f?.message ?? `not in the job's succeeded list (job ${e.jobStatus})` };
      });
    }
  }

  async resumeCopySession(copySessionId: number, o?: CallOptions): Promise<void> {
    await this.mutate(copySessionsApi.resumeCopySession(copySessionId), o);
  }

  async reverseCopySession(copySessionId: number, o?: CallOptions): Promise<void> {
    await this.mutate(copySessionsApi.reverseCopySession(copySessionId), o);
  }

  async deleteCopySession(copySessionId: number, opts: { forced: boolean }, o?: CallOptions): Promise<void> {
    try {
      await this.mutate(copySessionsApi.deleteCopySession(copySessionId, opts.forced), o);
    } catch (e) {
      if (hasStatus(e, 404)) return;
      if (isOutcomeUnknown(e) && (await this.getCopySession(copySessionId, o)) === undefined) return;
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Extras (not in the EternusClient interface)
  // ------------------------------------------------------------------------------------------------------

  /** GET /job: this user's job records (all pages). */
  async listJobs(o?: CallOptions): Promise<JobSummary[]> {
    const first = jobsApi.listJobs();
    return collectPages(first, async (req) => this.parse(jobsApi.jobListPageSchema(), req, await this.request(req, o)), this.arrayName);
  }

  /** DELETE /job for one record; 404 counts as done. */
  async deleteJob(jobId: number, o?: CallOptions): Promise<boolean> {
    return deleteJobRecord(jobId, { arrayName: this.arrayName, runtime: this.runtime, send: (r, signal) => this.request(r, { signal }) }, o?.signal);
  }

  /** Delete the queued finished job records now (close() does it before logout). Returns ids left behind. */
  flushJobRecords(o?: CallOptions): Promise<number[]> {
    return this.jobRecords.flush(o?.signal);
  }

  /**
   * The job records of requests whose answer was lost: the client never learned their ids. Such a job has
   * an id above the last one this client was given before the request (ids grow per array: a project
   * assumption; if wrong, nothing matches and the array expires the record after 30 min). Among this
   * user's listed jobs above it that this client was not given, a finished one that names the request's
   * resource is released;
   * for a create (no resource known beforehand), only when exactly one job created a resource of that kind.
   */
  private async releaseLostJobs(signal: AbortSignal): Promise<void> {
    const known = new Set(this.acceptedJobIds);
    // This user's job records on the array (another user's are not listed, nor readable).
    const listed = (await this.listJobs({ signal }).catch(() => [])).map((j) => j.job_id).sort((a, b) => a - b);
    for (const lost of this.lostMutations.splice(0)) {
      const matches: number[] = [];
      const candidates = listed.filter((id) => id > lost.after && !known.has(id)).slice(0, LOST_JOB_SEARCH);
      for (const id of candidates) {
        try {
          const job = await this.getOrUndefined(jobsApi.getJob(id), jobsApi.jobSchema(), { signal });
          if (!job || !isTerminalJobStatus(job.status)) continue;
          const hrefs = (job.resource_href_list ?? []).map(String);
          if (lost.target ? hrefs.includes(lost.target) : hrefs.some((h) => h.startsWith(`/api/v1/${lost.kind}/`))) matches.push(id);
        } catch {
          // Best effort: the array expires the record anyway.
        }
      }
      // A create names no resource beforehand: only an unambiguous match is taken as ours.
      const ours = lost.target ? matches.slice(0, 1) : matches.length === 1 ? matches : [];
      for (const id of ours) {
        known.add(id);
        await this.jobRecords.add(id, signal);
      }
    }
  }

  /** True once a session exists (login happened and no logout since). */
  get loggedIn(): boolean {
    return this.auth.sessionId !== undefined;
  }

  /**
   * Delete queued job records, log out (DELETE /session/{id}, retried up to 3.5 s), close the pool; each
   * step bounded, errors logged, never thrown. Idempotent. With `budgetMs` (the plugin is about to be
   * killed) the whole close fits in it, and logout keeps its share: job records left behind expire on
   * the array, a session left behind holds one of its few REST session slots.
   */
  close(o?: { budgetMs?: number }): Promise<void> {
    if (!this.closing) {
      this.closing = (async () => {
        const started = this.runtime.now();
        const budget = o?.budgetMs;
        const cleanupMs = budget === undefined ? LOGOUT_TIMEOUT_MS : Math.max(200, budget - LOGOUT_RESERVE_MS);
        const cleanup = this.runtime.timeout(cleanupMs);
        if (this.loggedIn && this.lostMutations.length) await this.releaseLostJobs(cleanup);
        if (this.loggedIn) await this.jobRecords.flush(cleanup);
        const logoutMs = budget === undefined ? LOGOUT_TIMEOUT_MS : Math.max(200, budget - (this.runtime.now() - started));
        await this.auth.logout(this.runtime.timeout(logoutMs));
        await this.transport.close();
      })();
    }
    return this.closing;
  }
}

/**
 * Loud warnings once per array and endpoint per process: a client is created again after an idle logout or a
 * rotated password, and a warning repeated per client would drown the plan output.
 */
const warned = new Set<string>();
function firstWarning(key: string): boolean {
  if (warned.has(key)) return false;
  warned.add(key);
  return true;
}

/** How many of this user's unknown job records after the last known id are looked at per lost request. */
const LOST_JOB_SEARCH = 16;

interface LostMutation {
  /** The highest job id this client had been given when the request was sent. */
  after: number;
  /** The resource the request changed (/api/v1/volume/N, /api/v1/copysession/N); none for a create. */
  target?: string;
  kind: "volume" | "copysession";
}

function lostMutation(req: ApiRequest, after: number): LostMutation {
  const path = pathOnly(req.path);
  const m = /^(\/api\/v1\/(volume|copysession)\/\d+)/.exec(path);
  return { after, target: m?.[1], kind: /\/copysession/.test(path) ? "copysession" : "volume" };
}

export function createEternusClient(conn: ArrayConnection, opts?: EternusClientOptions): EternusRestClient {
  return new EternusRestClient(conn, opts);
}
