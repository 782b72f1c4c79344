/** Plain-data records of the world. Everything here is JSON-serialisable (the state file stores it). */
import type { Dialect, DialectPoint } from "../../provider/api/dialect";

export interface Settings {
  copyRateMbps: number;
  jobLatencyMs: number;
  tokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
}

export interface UserAccount {
  name: string;
  /** passwords.ts hashPassword(): salted scrypt, never the password itself. */
  passwordHash: string;
  authList: string[];
  /** The simulator's administrator role: only it may call the /sim/v1 admin API (README). */
  simAdmin?: boolean;
}

export interface Pool {
  id: number;
  name: string;
  capacityMb: number;
}

export type VolumeType = "TPV" | "Standard";

export interface VolumeRec {
  id: number;
  number: number;
  name: string;
  type: VolumeType;
  /** tpp id for TPV, RAID group id for Standard. */
  poolId: number;
  capacityMb: number;
  uid: string;
  isCopyProtectionEnabled: boolean;
  createdAt: number;
}

export interface AuthSession {
  id: number;
  user: string;
  token: string;
  tokenExpiresAt: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
}

export interface JobRec {
  id: number;
  user: string;
  description: string;
  createdAt: number;
  /** When the job turns terminal (createdAt + job latency at acceptance). */
  endsAt: number;
  outcome: "Success" | "Error" | "Partial_Error";
  resources: string[];
  operations: Array<{ result: string; operation: string }>;
  progress?: string[];
  succeeded?: string[];
  failed?: Array<{ resource_href: string; error_code: string; message: string }>;
}

export type FaultRule =
  | { kind: "unavailable"; remaining?: number; probability?: number; until?: number }
  /** pathPrefix matches the path itself and everything below it ("/api/v1/volume" matches "/api/v1/volume/5"). */
  | { kind: "drop"; remaining: number; method?: string; pathPrefix?: string };

/**
 * Work (MB) each copying session of one path receives from points[0][0] on: piecewise linear through
 * points [time ms, MB], then tailMbps. Every copying session on a path gets the same share (copy-link.ts).
 */
export interface WorkCurve {
  points: Array<[number, number]>;
  tailMbps: number;
}

/** Limits of one copy path [sim]; absent = every session copies at the full copy rate. */
export interface PathLimits {
  /** Shared by the sessions copying on the path. */
  bandwidthMbps?: number;
  /** At most this much per session. */
  sessionCeilingMbps?: number;
}

/** A site outage [sim]: the REST port refuses connections, or accepts them and never answers. */
export type OutageMode = "refuse" | "blackhole";

/** What a volume holds: block number -> id of the host write that last wrote it (sparse; absent = never written). */
/** An array's dialect as a dialect file pinned it: the forms per point, and which points the file named. */
export interface ArrayDialectSetting {
  forms: Dialect;
  pinned: DialectPoint[];
}

export type VolumeBlocks = Map<number, string>;

export interface ArrayState {
  name: string;
  boxId: string;
  /** 0 for the first array of this name; +1 each time it comes back as a new, empty array (new box id). */
  incarnation?: number;
  /** Set while the whole array is down: its port is closed or silent and every copy path to it is down. */
  outage?: OutageMode;
  /**
   * false = this array rejects split_mode/recovery_mode in POST /copysession/rec with 400, as an array
   * would if those create fields (a project guess, docs/unverified-points.md row 15) do not exist. Admin only.
   */
  recCreateExtras?: boolean;
  /**
   * The REST dialect this array speaks (a dialect file's forms, simulator/model/dialect-choice.ts); absent:
   * DEFAULT_DIALECT. Plain data, saved with the state.
   */
  dialect?: ArrayDialectSetting;
  remoteCopyAvailable: boolean;
  tpps: Pool[];
  raidGroups: Pool[];
  volumes: Map<number, VolumeRec>;
  /** Volume id -> its content; volumes never written have no entry. */
  content: Map<number, VolumeBlocks>;
  /** Copy session id on this array -> world session key. */
  copySessions: Map<number, number>;
  jobs: Map<number, JobRec>;
  nextJobId: number;
  authSessions: Map<number, AuthSession>;
  nextAuthSessionId: number;
  faults: FaultRule[];
}

/** Internal lifecycle of an REC session; the REST status/phase are derived from it (copy-session.ts). */
export type RecState = "active" | "suspend" | "halt" | "error";

/** One REC session = one record, seen from each array that holds it through its own copysession_id. */
export interface RecSession {
  key: number;
  /** array name -> copysession_id on that array. A forced delete with the path down leaves one view. */
  views: Record<string, number>;
  creatorArray: string;
  /** Box id of each array at creation: a leftover keeps naming its partner after that array is replaced. */
  boxIds?: Record<string, string>;
  /** Current direction (a reverse swaps them). */
  srcArray: string;
  srcVolumeId: number;
  dstArray: string;
  dstVolumeId: number;
  transferMode: string;
  splitMode: string;
  recoveryMode: string;
  state: RecState;
  totalMb: number;
  /** Uncopied data at baseAt; while active the copy drains it at the copy rate. */
  pendingMb: number;
  /** MB transferred before baseAt, ever (monotonic): content transfers are delivered when it passes them. */
  copiedMb?: number;
  /** Set on a copy path with a bandwidth limit (copy-link.ts): the per-session work the shared path delivers. */
  workCurve?: WorkCurve;
  baseAt: number;
  /** Changes recorded while not duplexing (tracking_data_size). */
  trackedMb: number;
  /** Phase kept while Halt/Error. */
  stoppedPhase?: string;
  /** docs/unverified-points.md#row-6-suspend-completion: status turns Suspend at this time (concurrent suspend). */
  suspendDoneAt?: number;
  /** A forced suspend while not equivalent leaves the destination unusable [M:suspend]. */
  destUnusable: boolean;
  createdAt: number;
  backupAt?: number;
  /**
   * Model ms at which the current suspend was accepted (cleared by resume): every session of one
   * multi-suspend request shares it, so a test can see they froze together (write-order-oracle.ts).
   */
  suspendedAt?: number;
  errorAt?: number;
  errorCode?: string;
}

/**
 * Content on its way to the destination of one REC session (replication.ts). Delivered in order once the
 * session's transferred MB reach `atMb`; the blocks carry the source content as it was when queued.
 */
export interface Transfer {
  atMb: number;
  /** block -> write id, undefined = the block is empty at the source (erase it at the destination). */
  blocks: Map<number, string | undefined>;
  /** The initial copy: the destination becomes exactly `blocks`. */
  whole: boolean;
  /** A (re)synchronisation copy, unordered: the destination is inconsistent until it arrives. */
  bulk: boolean;
}

/** Per REC session: what is in flight and what changed while not duplexing, per current role. */
export interface Replication {
  queue: Transfer[];
  changedAtSource: Set<number>;
  changedAtDestination: Set<number>;
  /** A bulk copy was cut off (forced suspend or halt while copying): the destination is inconsistent. */
  incomplete: boolean;
}
