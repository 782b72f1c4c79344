/**
 * The client's public surface: what the resources use. Shapes follow the manual's field names
 * (shared/docs/eternus-rest-api.md section 2); every list is complete (next_href followed).
 * Unknown fields from the array are tolerated and kept.
 */

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
}

export interface StorageSystem {
  boxid: string;
  storage_system_name?: string;
  status?: string;
  model_name?: string;
  firmware_version?: string;
  is_remote_copy_available?: boolean;
  remote_copy_license_type?: string;
  [k: string]: unknown;
}

export interface Volume {
  volume_id: number;
  number?: number;
  volume_href?: string;
  name: string;
  status?: string;
  type?: string;
  allocated_resource_href?: string;
  capacity: number; // MB (dialect row 10)
  uid?: string;
  [k: string]: unknown;
}

export interface CopySession {
  copysession_id: number;
  copysession_href?: string;
  type?: string;
  status?: string;
  phase?: string;
  source_volume_number?: number;
  source_volume_href?: string;
  source_volume_name?: string;
  destination_volume_number?: number;
  destination_volume_href?: string;
  destination_volume_name?: string;
  error_code?: string;
  copy_range?: string;
  requestor?: string;
  concurrent_suspend_result?: string;
  remain_time_to_finish_suspend?: number;
  total_data_size?: number;
  uncopied_data_size?: number;
  tracking_data_size?: number;
  progress?: number;
  remote_copysession_id?: number;
  remote_boxid?: string;
  is_local_source_volume?: boolean;
  transfer_mode?: string;
  split_mode?: string;
  recovery_mode?: string;
  [k: string]: unknown;
}

/** GET /volume/{id}/copysession [M:vol-cs]. */
export interface VolumeCopySessions {
  is_copy_source_volume?: boolean;
  is_copy_destination_volume?: boolean;
  /** Present when the volume is a copy destination. */
  copysession_href?: string;
  source_boxid?: string;
  source_volume_href?: string;
  status?: string;
  phase?: string;
  backup_type?: string;
  backup_volume_list: Array<{
    volume_href?: string;
    backup_type?: string;
    destination_boxid?: string;
    copysession_href?: string;
    remote_copysession_id?: number;
    status?: string;
    phase?: string;
    [k: string]: unknown;
  }>;
  [k: string]: unknown;
}

export interface CreateVolumeRequest {
  name: string;
  capacityMb: number;
  tppId?: number;
  raidGroupId?: number;
}

export interface CreateRecSessionRequest {
  sourceVolumeId: number;
  destinationVolumeId: number;
  sourceBoxId: string;
  destinationBoxId: string;
  transferMode: string;
  splitMode?: string;   // sent only for Synchronous (dialect row 15)
  recoveryMode?: string;
}

export interface CallOptions {
  /** Abort every wait and request (deadline of the calling resource operation). */
  signal?: AbortSignal;
}

/**
 * One array. Mutating calls send the request, wait for the job to reach a terminal state (polling with
 * backoff), delete the job record (512-job limit) and throw EternusJobError unless it is Success.
 * They do NOT wait for the resource to reach its end state (job Success is not the end state).
 * get* return undefined on 404; delete* treat 404 as success.
 */
export interface EternusClient {
  readonly arrayName: string;
  getStorageSystem(o?: CallOptions): Promise<StorageSystem>;
  /** GET /session/{id} of the client's own session: auth_list etc. */
  getSessionInfo(o?: CallOptions): Promise<{ auth_list?: string[]; [k: string]: unknown }>;

  listVolumes(query?: { name?: string; fields?: string[] }, o?: CallOptions): Promise<Volume[]>;
  getVolume(volumeId: number, o?: CallOptions): Promise<Volume | undefined>;
  /** Returns the new volume as read back after the job. */
  createVolume(req: CreateVolumeRequest, o?: CallOptions): Promise<Volume>;
  renameVolume(volumeId: number, newName: string, o?: CallOptions): Promise<void>;
  expandVolume(volumeId: number, newCapacityMb: number, o?: CallOptions): Promise<void>;
  deleteVolume(volumeId: number, o?: CallOptions): Promise<void>;

  listCopySessions(o?: CallOptions): Promise<CopySession[]>;
  getCopySession(copySessionId: number, o?: CallOptions): Promise<CopySession | undefined>;
  getVolumeCopySessions(volumeId: number, o?: CallOptions): Promise<VolumeCopySessions | undefined>;
  /** POST /copysession/rec on the source array; returns the session id from the job's resource_href_list. */
  createRecSession(req: CreateRecSessionRequest, o?: CallOptions): Promise<number>;
  /** One field per request (dialect row 17). */
  patchCopySession(copySessionId: number, field: "transfer_mode" | "split_mode" | "recovery_mode", value: string, o?: CallOptions): Promise<void>;
  suspendCopySession(copySessionId: number, opts: { forced: boolean }, o?: CallOptions): Promise<void>;
  resumeCopySession(copySessionId: number, o?: CallOptions): Promise<void>;
  reverseCopySession(copySessionId: number, o?: CallOptions): Promise<void>;
  deleteCopySession(copySessionId: number, opts: { forced: boolean }, o?: CallOptions): Promise<void>;

  /** Logout (DELETE /session/{id}) and close the connection pool. */
  close(): Promise<void>;
}
