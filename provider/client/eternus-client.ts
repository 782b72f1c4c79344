/**
 * EternusClient (types.ts): one instance per array, normally from client-registry.ts. Built from small
 * parts: the request pipeline (pipeline/build.ts), endpoint groups by REST resource (endpoints/: volumes,
 * copySessions, jobs, storageSystem, session), job records, the lost-job search and two read caches.
 * The flat EternusClient methods delegate to the groups (resources and test fakes keep one flat surface);
 * new code may call the groups directly (client.volumes.get(id)). Created at call time only: it holds an
 * undici Pool and the password, so it must never be captured by closure serialization.
 */
import type { CopySessionPatchField } from "../api/copy-sessions";
import { ArrayDialect } from "./array-dialect";
import { StorageSystemCache } from "./caches/storage-system-cache";
import { SessionInfoCache } from "./caches/session-info-cache";
import { Calls } from "./endpoints/calls";
import { CopySessionsEndpoint } from "./endpoints/copy-sessions";
import { JobsEndpoint } from "./endpoints/jobs";
import { SessionEndpoint } from "./endpoints/session";
import { StorageSystemEndpoint } from "./endpoints/storage-system";
import { VolumesEndpoint } from "./endpoints/volumes";
import { DEFAULT_JOB_POLL_POLICY } from "./jobs";
import { JobRecords } from "./job-records";
import { LostJobSearch } from "./lost-job-search";
import { Mutations } from "./mutation";
import { buildPipeline } from "./pipeline/build";
import { redactText } from "./redaction";
import { DEFAULT_RETRY_POLICY } from "./retry";
import { defaultRuntime, type Runtime } from "./runtime";
import { Transport } from "./transport";
import { checkConnection, type EternusClientOptions } from "./client-options";
import type { ArrayConnection, CallOptions, EternusClient } from "./types";

export type { EternusClientOptions } from "./client-options";
export type { RequestEvent } from "./pipeline/observe";
export type { ExchangeEvent } from "./pipeline/exchange";

/** Hard cap on logout, retries included (auth.ts bounds the retries to 3.5 s). */
const LOGOUT_TIMEOUT_MS = 5_000;
/** Of a bounded close, what job-record cleanup leaves to the logout (its retry deadline plus one answer). */
const LOGOUT_RESERVE_MS = 3_700;

export class EternusRestClient implements EternusClient {
  readonly arrayName: string;
  readonly endpoint: string;
  readonly volumes: VolumesEndpoint;
  readonly copySessions: CopySessionsEndpoint;
  readonly jobs: JobsEndpoint;
  readonly storageSystem: StorageSystemEndpoint;
  readonly session: SessionEndpoint;
  private readonly runtime: Runtime;
  private readonly records: JobRecords;
  private readonly lostJobs = new LostJobSearch();
  private readonly mutator: Mutations;
  private readonly calls: Calls;
  private readonly closeTransport: () => Promise<void>;
  private closing: Promise<void> | undefined;

  constructor(conn: ArrayConnection, opts: EternusClientOptions = {}) {
    const runtime = this.runtime = defaultRuntime({ sleep: opts.sleep, now: opts.now, random: opts.random, log: opts.log, timeout: opts.timeout });
    checkConnection(conn, runtime.log);
    this.arrayName = conn.name;
    const transport = opts.transport ? opts.transport(conn, { connections: opts.connections }) : new Transport(conn, { connections: opts.connections });
    this.endpoint = transport.endpoint.origin;
    this.closeTransport = () => transport.close();
    const systemCache = new StorageSystemCache(runtime.now);
    const { send, auth } = buildPipeline({
      arrayName: conn.name, username: conn.username, password: conn.password, runtime, transport,
      retry: { ...DEFAULT_RETRY_POLICY, ...opts.retry }, logoutRetry: opts.logoutRetry, onRequest: opts.onRequest, onExchange: opts.onExchange,
      onTransportFailure: () => systemCache.forget(), noteLost: (req) => this.lostJobs.noteLost(req),
      releaseOwnRecords: (signal) => this.releaseOwnRecords(signal),
    });
    const apiSend = (req: Parameters<typeof send>[0]["req"], signal?: AbortSignal) => send({ req, signal });
    const dialect = new ArrayDialect({ arrayName: conn.name, origin: this.endpoint, pinned: conn.dialect, file: conn.dialectFile, log: runtime.log });
    this.records = new JobRecords({ arrayName: conn.name, runtime, send: apiSend, dialect });
    this.mutator = new Mutations({ arrayName: conn.name, runtime, send: apiSend, policy: { ...DEFAULT_JOB_POLL_POLICY, ...opts.jobPoll }, records: this.records, lostJobs: this.lostJobs });
    this.calls = new Calls(conn.name, transport.endpoint.origin, apiSend, (req, o) => this.mutator.mutate(req, o), dialect, (text) => redactText(text, auth.secrets()));
    this.volumes = new VolumesEndpoint(this.calls);
    this.copySessions = new CopySessionsEndpoint(this.calls);
    this.jobs = new JobsEndpoint(this.calls, this.records);
    this.storageSystem = new StorageSystemEndpoint(this.calls, systemCache);
    this.session = new SessionEndpoint(this.calls, auth, new SessionInfoCache());
  }

  /** Raw request through the whole pipeline (status and parsed JSON). */
  request(req: Parameters<Calls["send"]>[0], o?: CallOptions) { return this.calls.send(req, o?.signal); }

  // EternusClient (flat names delegating to the groups)
  getStorageSystem: EternusClient["getStorageSystem"] = (o) => this.storageSystem.get(o);
  getSessionInfo: EternusClient["getSessionInfo"] = (o) => this.session.info(o);
  listVolumes: EternusClient["listVolumes"] = (q, o) => this.volumes.list(q, o);
  getVolume: EternusClient["getVolume"] = (id, o) => this.volumes.get(id, o);
  createVolume: EternusClient["createVolume"] = (r, o) => this.volumes.create(r, o);
  renameVolume: EternusClient["renameVolume"] = (id, n, o) => this.volumes.rename(id, n, o);
  expandVolume: EternusClient["expandVolume"] = (id, mb, o) => this.volumes.expand(id, mb, o);
  deleteVolume: EternusClient["deleteVolume"] = (id, o) => this.volumes.delete(id, o);
  listCopySessions: EternusClient["listCopySessions"] = ((a?: readonly number[] | CallOptions, b?: CallOptions) =>
    Array.isArray(a) ? this.copySessions.list(a, b) : this.copySessions.list(undefined, a as CallOptions | undefined)) as EternusClient["listCopySessions"];
  getCopySession: EternusClient["getCopySession"] = (id, o) => this.copySessions.get(id, o);
  getVolumeCopySessions: EternusClient["getVolumeCopySessions"] = (id, o) => this.copySessions.ofVolume(id, o);
  createRecSession: EternusClient["createRecSession"] = (r, o) => this.copySessions.createRec(r, o);
  patchCopySession = (id: number, field: CopySessionPatchField, value: string, o?: CallOptions) => this.copySessions.patch(id, field, value, o);
  suspendCopySession: EternusClient["suspendCopySession"] = (id, f, o) => this.copySessions.suspend(id, f, o);
  suspendCopySessions: EternusClient["suspendCopySessions"] = (ids, f, o) => this.copySessions.suspendMany(ids, f, o);
  resumeCopySession: EternusClient["resumeCopySession"] = (id, o) => this.copySessions.resume(id, o);
  reverseCopySession: EternusClient["reverseCopySession"] = (id, o) => this.copySessions.reverse(id, o);
  deleteCopySession: EternusClient["deleteCopySession"] = (id, f, o) => this.copySessions.delete(id, f, o);
  listJobs = (o?: CallOptions) => this.jobs.list(o);
  deleteJob = (jobId: number, o?: CallOptions) => this.jobs.delete(jobId, o);

  /** See EternusClient.mutations. */
  get mutations(): number { return this.mutator.counted; }
  get loggedIn(): boolean { return this.session.loggedIn; }
  /** Delete this client's job records not deleted yet (leftovers); returns the ids still left. */
  flushJobRecords(o?: CallOptions): Promise<number[]> { return this.records.flush(o?.signal); }

  /** Leftover records and the records of lost requests (the job-limit step's first answer, and close). */
  private async releaseOwnRecords(signal?: AbortSignal): Promise<void> {
    if (this.lostJobs.pending) await this.records.deleteNow(await this.lostJobs.search(this.calls, signal), signal);
    await this.records.flush(signal);
  }

  /**
   * Delete our remaining job records, log out (DELETE /session/{id}, retried up to 3.5 s), close the pool;
   * each step bounded, errors logged, never thrown. Idempotent. With `budgetMs` (the plugin is about to be
   * killed) the whole close fits in it, and logout keeps its share: job records left behind expire on the
   * array, a session left behind holds one of its few REST session slots.
   */
  close(o?: { budgetMs?: number }): Promise<void> {
    this.closing ??= (async () => {
      const started = this.runtime.now();
      const budget = o?.budgetMs;
      const cleanup = this.runtime.timeout(budget === undefined ? LOGOUT_TIMEOUT_MS : Math.max(200, budget - LOGOUT_RESERVE_MS));
      if (this.loggedIn) await this.releaseOwnRecords(cleanup);
      const logoutMs = budget === undefined ? LOGOUT_TIMEOUT_MS : Math.max(200, budget - (this.runtime.now() - started));
      await this.session.logout(this.runtime.timeout(logoutMs));
      await this.closeTransport();
    })();
    return this.closing;
  }
}

export function createEternusClient(conn: ArrayConnection, opts?: EternusClientOptions): EternusRestClient {
  return new EternusRestClient(conn, opts);
}
