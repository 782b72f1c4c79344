/**
 * The client's public surface: what the resources use. Shapes follow the manual's field names
 * (docs/rest-api.md section 2); every list is complete (next_href followed).
 * Unknown fields from the array are tolerated and kept.
 */
import type { Dialect } from "../api/dialect";
import type { CopySessionPatchField, CopySessionReply, CreateRecSessionParams, VolumeCopySessionsReply } from "../api/copy-sessions";
import type { JobListItem } from "../api/jobs";
import type { SessionInfo as SessionInfoReply } from "../api/session";
import type { StorageSystemReply } from "../api/storage-system";
import type { CreateVolumeParams, VolumeReply } from "../api/volumes";

export interface ArrayConnection {
  /** Connection name as used in stack config (eternus:arrays.<name>) and in resource inputs. */
  name: string;
  /** Full endpoint URL, e.g. https://10.0.0.1:5665 (port 5665 when none is given). */
  endpoint: string;
  username: string;
  password: string;
  /** PEM text of a CA to trust for this array only. */
  caCert?: string;
  /** Skip TLS verification for THIS array only (loud warning when true). */
  insecureSkipVerify?: boolean;
  /** Per-request timeout; default 60 s. */
  requestTimeoutSeconds?: number;
  /** Accept an http:// endpoint (eternus:arrays.<name>.allowHttp): the password then travels in clear. */
  allowHttp?: boolean;
  /** The array's REST dialect (its dialect file over the defaults; provider/config.ts). Default: DEFAULT_DIALECT. */
  dialect?: Dialect;
  /** The dialect file `dialect` was read from (named in the fallback's pin hint). */
  dialectFile?: string;
}

/*
 * Reply shapes are the zod schemas' outputs (provider/api/*.ts): one source of truth, so a field added to a
 * schema reaches the client's types without a second edit. Unknown fields stay (`[k: string]: unknown`).
 */
export type StorageSystem = StorageSystemReply;
export type Volume = VolumeReply;
export type CopySession = CopySessionReply;
/** GET /volume/{id}/copysession [M:vol-cs]. */
export type VolumeCopySessions = VolumeCopySessionsReply;
export type SessionInfo = SessionInfoReply;
export type JobSummary = JobListItem;

/** POST /volume as the resources ask for it (capacity in MB, docs/unverified-points.md#row-10-units). */
export type CreateVolumeRequest = Pick<CreateVolumeParams, "name" | "capacityMb" | "tppId" | "raidGroupId">;
/** POST /copysession/rec: the body builder's parameters (provider/api/copy-sessions.ts createRecSession). */
export type CreateRecSessionRequest = CreateRecSessionParams;

/** One session's result of a multi-suspend (the job's succeeded list or its failed_resource_info_list). */
export interface MultiSuspendResult {
  copySessionId: number;
  /** The array accepted this session's suspend (its status may still read Active until it completes). */
  accepted: boolean;
  errorCode?: string;
  message?: string;
}

export interface CallOptions {
  /** Abort every wait and request (deadline of the calling resource operation). */
  signal?: AbortSignal;
}

export interface RecentReadOptions {
  /** Accept a value this client read at most this long ago. */
  maxAgeMs?: number;
}

/**
 * One array. Mutating calls send the request, wait for the job to reach a terminal state (polling with
 * backoff), delete the job record (512-job limit) and throw EternusJobError unless it is Success.
 * They do NOT wait for the resource to reach its end state (job Success is not the end state).
 * get* return undefined on 404; delete* treat 404 as success.
 */
export interface EternusClient {
  readonly arrayName: string;
  /**
   * GET /storagesystem; with maxAgeMs, a copy read that recently may answer: read by an operation that
   * overlapped with this one (client-registry leaseEpoch), with no connection failure since.
   */
  getStorageSystem(o?: CallOptions & RecentReadOptions): Promise<StorageSystem>;
  /** GET /session/{id} of the client's own session: auth_list etc. */
  getSessionInfo(o?: CallOptions): Promise<SessionInfo>;

  listVolumes(query?: { name?: string; fields?: string[] }, o?: CallOptions): Promise<Volume[]>;
  getVolume(volumeId: number, o?: CallOptions): Promise<Volume | undefined>;
  /** Returns the new volume as read back after the job. */
  createVolume(req: CreateVolumeRequest, o?: CallOptions): Promise<Volume>;
  renameVolume(volumeId: number, newName: string, o?: CallOptions): Promise<void>;
  expandVolume(volumeId: number, newCapacityMb: number, o?: CallOptions): Promise<void>;
  deleteVolume(volumeId: number, o?: CallOptions): Promise<void>;

  listCopySessions(o?: CallOptions): Promise<CopySession[]>;
  /**
   * Only these sessions, read in few requests (GET /copysession?copysession_id=a,b, all pages); ids not on
   * the array are simply absent from the result. An empty list sends nothing.
   */
  listCopySessions(ids: readonly number[], o?: CallOptions): Promise<CopySession[]>;
  getCopySession(copySessionId: number, o?: CallOptions): Promise<CopySession | undefined>;
  getVolumeCopySessions(volumeId: number, o?: CallOptions): Promise<VolumeCopySessions | undefined>;
  /** POST /copysession/rec on the source array; returns the session id from the job's resource_href_list. */
  createRecSession(req: CreateRecSessionRequest, o?: CallOptions): Promise<number>;
  /** One field per request (docs/unverified-points.md#row-17-one-field-per-patch). */
  patchCopySession(copySessionId: number, field: CopySessionPatchField, value: string, o?: CallOptions): Promise<void>;
  suspendCopySession(copySessionId: number, opts: { forced: boolean }, o?: CallOptions): Promise<void>;
  /**
   * POST /copysession/suspend: the sessions of this array at one instant, in one request. Per-session
   * results: a Partial_Error or Error job answers (it does not throw); a lost response throws.
   */
  suspendCopySessions(copySessionIds: readonly number[], opts: { forced: boolean }, o?: CallOptions): Promise<MultiSuspendResult[]>;
  resumeCopySession(copySessionId: number, o?: CallOptions): Promise<void>;
  reverseCopySession(copySessionId: number, o?: CallOptions): Promise<void>;
  deleteCopySession(copySessionId: number, opts: { forced: boolean }, o?: CallOptions): Promise<void>;

  /**
   * Mutating requests begun plus ended so far by this client: reads cached by a caller are stale once it
   * changes (undefined: the client does not count, cache nothing).
   */
  readonly mutations?: number;

  /** Logout (DELETE /session/{id}) and close the connection pool; `budgetMs` bounds the whole close. */
  close(o?: { budgetMs?: number }): Promise<void>;
}
