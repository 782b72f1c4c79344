/**
 * The read-only look at one array (docs/real-array.md section 2): login, the account's privileges, firmware,
 * box id and remote copy license, the volume / copy session / job listings (every page), one GET of an id
 * that does not exist (the error body). Every reply goes through the provider's own client and schemas; a
 * reply they refuse is recorded as what the array said, never thrown past the probe. Nothing here writes.
 */
import { idFromHref, SessionStatus } from "../api/dialect";
import * as jobsApi from "../api/jobs";
import * as volumesApi from "../api/volumes";
import type { EternusRestClient, ExchangeEvent } from "../client/eternus-client";
import { hasStatus, EternusApiError } from "../client/errors";
import type { CopySession, JobSummary, SessionInfo, StorageSystem, Volume } from "../client/types";

/** The privileges RecSyncSession create checks (rec-sync-session/create.ts) plus volume create/delete. */
export const NEEDED_PRIVILEGES = ["Advanced_Copy_Management", "Copy_Session_Management", "Volume_Create_Modify", "Volume_Delete_Format"] as const;

/** Enumerations whose spellings the report lists (field -> values seen). */
export type EnumsSeen = Record<string, string[]>;

/** A read that failed: what the array (or the schema) said. */
export interface Failure { what: string; message: string }

export interface ArrayObservation {
  array: string;
  endpoint: string;
  insecure: boolean;
  loginStatus?: number;
  session?: SessionInfo;
  system?: StorageSystem;
  volumes?: Volume[];
  sessions?: CopySession[];
  /** The copysession_id filter: the ids asked, the ids answered. */
  filter?: { asked: number[]; answered: number[] };
  jobs?: JobSummary[];
  /** Job records read in full (GET /job/{id}), up to JOBS_READ. */
  jobDetails: jobsApi.Job[];
  /** The first page of GET /volume without max_records: item count and whether next_href followed. */
  firstVolumePage?: { items: number; next: boolean };
  /** GET /volume/<unused id>. */
  missingRead?: { status: number; errorCode?: string; message?: string };
  enums: EnumsSeen;
  failures: Failure[];
}

const JOBS_READ = 5;
const ENUM_FIELDS = ["type", "status", "phase", "transfer_mode", "split_mode", "recovery_mode", "copy_range", "concurrent_suspend_result"] as const;

function addEnum(enums: EnumsSeen, field: string, value: unknown): void {
  if (typeof value !== "string" || value === "") return;
  const list = (enums[field] ??= []);
  if (!list.includes(value)) list.push(value);
}

async function attempt<T>(failures: Failure[], what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    failures.push({ what, message: `${(e as { code?: string }).code ?? "ERROR"}: ${(e as Error).message}` });
    return undefined;
  }
}

/** Observe one array through `client`; `exchanges` is the list the client's onExchange fills. */
export async function observeArray(client: EternusRestClient, exchanges: readonly ExchangeEvent[], o: { insecure: boolean; signal?: AbortSignal }): Promise<ArrayObservation> {
  const f: Failure[] = [];
  const call = { signal: o.signal };
  const obs: ArrayObservation = { array: client.arrayName, endpoint: client.endpoint, insecure: o.insecure, jobDetails: [], enums: {}, failures: f };
  obs.session = await attempt(f, "login and GET /session/{id}", () => client.getSessionInfo(call));
  obs.loginStatus = exchanges.find((e) => e.label === "login")?.status;
  if (!obs.session) return obs; // no login: nothing else can be read
  obs.system = await attempt(f, "GET /storagesystem", () => client.getStorageSystem(call));
  obs.volumes = await attempt(f, "GET /volume (all pages)", () => client.listVolumes(undefined, call));
  const first = exchanges.find((e) => e.method === "GET" && /^\/api\/v1\/volume(\?|$)/.test(e.path) && !/max_records/.test(e.path));
  const firstItems = (first?.response as { volume_list?: unknown[]; next_href?: unknown } | undefined);
  if (first && first.status === 200) obs.firstVolumePage = { items: firstItems?.volume_list?.length ?? 0, next: typeof firstItems?.next_href === "string" && firstItems.next_href !== "" };
  obs.sessions = await attempt(f, "GET /copysession (all pages)", () => client.listCopySessions(call));
  for (const s of obs.sessions ?? []) for (const k of ENUM_FIELDS) addEnum(obs.enums, `copysession.${k}`, s[k]);
  for (const v of obs.volumes ?? []) for (const k of ["status", "type"] as const) addEnum(obs.enums, `volume.${k}`, v[k]);
  const asked = obs.sessions?.length ? [obs.sessions[0]!.copysession_id] : [unusedId(obs.sessions?.map((s) => s.copysession_id))];
  const filtered = await attempt(f, "GET /copysession?copysession_id=", () => client.listCopySessions(asked, call));
  if (filtered) obs.filter = { asked, answered: filtered.map((s) => s.copysession_id) };
  obs.jobs = await attempt(f, "GET /job (all pages)", () => client.listJobs(call));
  for (const j of (obs.jobs ?? []).slice(0, JOBS_READ)) {
    const job = await attempt(f, `GET /job/${j.job_id}`, async () => jobsApi.jobSchema().parse((await client.request(jobsApi.getJob(j.job_id), call)).data));
    if (job) {
      obs.jobDetails.push(job);
      addEnum(obs.enums, "job.status", job.status);
    }
  }
  obs.missingRead = await readMissing(client, unusedId(obs.volumes?.map((v) => v.volume_id)), call);
  return obs;
}

/** An id above every id listed (reading it is harmless even if it exists by then). */
function unusedId(ids: number[] | undefined): number {
  return Math.max(0, ...(ids ?? [])) + 1_000_000;
}

async function readMissing(client: EternusRestClient, id: number, call: { signal?: AbortSignal }): Promise<ArrayObservation["missingRead"]> {
  try {
    const r = await client.request(volumesApi.getVolume(id), call);
    return { status: r.status };
  } catch (e) {
    if (e instanceof EternusApiError || hasStatus(e, 404)) {
      const err = e as EternusApiError;
      return { status: err.status, errorCode: err.errorCode, message: arrayMessageOf(err) };
    }
    return { status: 0, message: (e as Error).message };
  }
}

/** Known session statuses: the dialect's list (Error_Suspend and the like read as Error). */
export const KNOWN_STATUSES: readonly string[] = Object.values(SessionStatus);
/** The local volume id of a session (identity is the local volume, docs/unverified-points.md row 13). */
export function localVolumeId(s: CopySession): number | undefined {
  return idFromHref(s.is_local_source_volume === false ? s.destination_volume_href : s.source_volume_href);
}

/** The array's own message of an error reply (the client copies it, redacted, into `response.data`). */
export function arrayMessageOf(err: EternusApiError): string | undefined {
  const m = (err.response?.data as { message?: unknown } | undefined)?.message;
  return typeof m === "string" ? m : undefined;
}
