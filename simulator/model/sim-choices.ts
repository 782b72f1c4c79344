/**
 * Choices of the SIMULATOR where the manual is silent and the dialect module has no row (the dialect's [P]
 * rows are imported from provider/api/dialect.ts, never re-typed). One module, listed in the README.
 */

/** volume_id = 100000 + volume number: the manual's example pairs id 100001 with number 1 [M:vol-get]. */
export const VOLUME_ID_BASE = 100000;
/** First job id, as in the manual's example [M:job-get]. Job ids are never reused. */
export const FIRST_JOB_ID = 8192001;
/** Copy session ids start at 0 as in [M:cs-get] and are reused after deletion (lowest free; docs/unverified-points.md#row-13-session-identity). */
export const FIRST_COPY_SESSION_ID = 0;
/** Volume numbers: lowest free number, reused after deletion like an array's. */
export const FIRST_VOLUME_NUMBER = 0;

/** Seeded world [issue]: thin pool 0 and RAID group 0 on every array, one business volume on the first. */
export const SEED = {
  tppId: 0,
  tppName: "tpp#0",
  tppCapacityMb: 1024 * 1024 * 1024, // 1 PB: "large"
  raidGroupId: 0,
  raidGroupName: "rg#0",
  raidGroupCapacityMb: 64 * 1024 * 1024, // 64 TB, thick: Standard volumes use it up
  businessVolumeName: "business_vol01",
  businessVolumeCapacityMb: 10240,
} as const;

/** POST /volume count: at most this many volumes per request. */
export const MAX_VOLUMES_PER_CREATE = 128;
/**
 * Volumes per array [sim]: neither the REST manual nor our docs give the model's maximum, so the simulator
 * picks one that keeps a shared simulator's memory and state file bounded, far above what the tests and
 * the bench create (1,002). A create past it answers 400 naming the limit.
 */
export const MAX_VOLUMES_PER_ARRAY = 4096;
/**
 * Content blocks one POST /sim/v1/writes may write [sim] (4 GB at CONTENT_BLOCK_MB): a single request
 * cannot hold the event loop or grow the state file by millions of entries. Larger writes are several requests.
 */
export const MAX_WRITE_BLOCKS_PER_REQUEST = 4096;
/** Request bodies above this answer 413 [M:error]. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Request line (URL) above this answers 413 [M:error]. */
export const MAX_URL_BYTES = 8192;
/**
 * Connection limits of each array's HTTP server [sim]: all headers within headersMs, the whole request
 * within requestMs, an idle kept-alive connection closed after keepAliveMs. createArrayServer applies them;
 * tests may lower them on the returned server.
 */
export const SERVER_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 10_000 } as const;
/**
 * --state FILE [sim]: changes are saved at most this long after the request that made them, in one save
 * off the request path (state-file.ts); close() and SIGTERM/SIGINT in the CLI flush at once.
 */
export const STATE_SAVE_DELAY_MS = 200;
/** Passwords are kept as scrypt hashes [sim] (node:crypto defaults: N 2^14, r 8, p 1), never in plaintext. */
export const PASSWORD_HASH = { saltBytes: 16, keyBytes: 32, cost: 16384, blockSize: 8, parallelization: 1 } as const;
/** Largest max_records accepted (the default is the dialect's DEFAULT_MAX_RECORDS). */
export const MAX_RECORDS_LIMIT = 10000;

/**
 * docs/unverified-points.md#row-6-suspend-completion: a Synchronous/Consistency suspend finishes after its job. The session reads Active with
 * concurrent_suspend_result "Running" for this many job latencies after acceptance, then Suspend.
 */
export const CONCURRENT_SUSPEND_JOB_LATENCIES = 2;
/** error_code (hex, as "b1" in [M:cs-get]) shown on a session that went Error by destination overload. */
export const OVERLOAD_SESSION_ERROR_CODE = "b1";
/** error_code of a session without error. */
export const NO_SESSION_ERROR_CODE = "00";

/** What GET /storagesystem reports (values from the manual's examples where it has them). */
export const SYSTEM_INFO = {
  modelName: "ETERNUS AF650 S3",
  firmwareVersion: "V11L40-0000",
  remoteCopyLicenseType: "Full",
} as const;

/** Privileges of the factory account [M:session-get]; admin-added users may get fewer. */
export const FULL_AUTH_LIST = [
  "Status_Display",
  "Volume_Create_Modify",
  "Volume_Delete_Format",
  "Advanced_Copy_Management",
  "Copy_Session_Management",
] as const;

/**
 * Which privilege each /api/v1 operation needs. The manual names the privileges [M:session-get] and answers
 * 403 when "the user lacks the policy for the operation" [M:error], but gives no table: this is ours [sim].
 * Logins, own-session reads and job reads need only a valid token.
 */
export const PRIVILEGE = {
  read: "Status_Display",
  volumeCreateModify: "Volume_Create_Modify",
  volumeDelete: "Volume_Delete_Format",
  copySessionCreate: "Advanced_Copy_Management",
  copySessionManage: "Copy_Session_Management",
} as const;
export type Privilege = (typeof PRIVILEGE)[keyof typeof PRIVILEGE];
/** The 403 description for a missing privilege (the factor names the privilege) [sim]. */
export const PRIVILEGE_REFUSAL = "The user does not have the policy for this operation";
/** The 403 description for a /sim/v1 call by an account without the simulator's administrator role [sim]. */
export const ADMIN_REFUSAL = "The simulator admin API needs the administrator role";

export const DAYS_TO_PASSWORD_EXPIRATION = 365;

/** Defaults of startSimulator (docs/architecture.md). */
export const DEFAULTS = {
  arrays: ["site-a", "site-b"],
  host: "127.0.0.1",
  user: "root",
  password: "root",
  copyRateMbps: 2000,
  jobLatencyMs: 50,
} as const;

/**
 * Content model [sim]: a volume is CONTENT_BLOCK_MB blocks, so a write of `count` blocks is `count` MB of
 * copy work (the unit of uncopied_data_size and tracking_data_size, docs/unverified-points.md#row-10-units).
 */
export const CONTENT_BLOCK_MB = 1;

/**
 * Time an array takes to acknowledge a host write by itself (cache write, no copy waiting) [sim]. A write
 * mirrored by a Synchronous session also waits one round trip of the copy path (host-io.ts).
 */
export const HOST_WRITE_SERVICE_MS = 0.1;

/**
 * Dependent-write workload [sim] (dependent-writes.ts): model ms between one acknowledged write and the next
 * (unless the acknowledgement took longer), and the blocks each volume's records cycle over.
 */
export const WORKLOAD_DEFAULTS = { intervalMs: 10, blocks: 256 } as const;

/**
 * At most this many writes are issued when a workload catches up with the clock [sim]; a writer further
 * behind skips the rest of the gap (a host that stalled), so a clock jump of hours costs bounded work.
 */
export const WORKLOAD_MAX_CATCH_UP_WRITES = 10_000;

/** At most this many writes a workload may issue before each request (`writes_per_request`) [sim]. */
export const WORKLOAD_MAX_WRITES_PER_REQUEST = 64;
