/**
 * Jobs [M:jobmgmt, M:job-list, M:job-get]. A job's status is derived from its creation time and the job
 * latency: Queued for the first half, Running for the second, then its outcome.
 *
 * Effect timing (one rule for every operation): the model APPLIES the change when the request is accepted,
 * and the job only REPORTS it later. So a read right after the 202 may already show the change; a client
 * must still wait for the job, as on an array. Input errors and state conflicts found at acceptance answer
 * 4xx synchronously; per-item failures of multi-resource requests end the job Error/Partial_Error with
 * failed_resource_info_list (docs/unverified-points.md#row-8-job-result-lists).
 */
import {
  JOB_RETENTION_SECONDS, JobStatus, MAX_REGISTERED_JOBS, isTerminalJobStatus, jobHref,
} from "../../provider/api/dialect";
import { isoSeconds } from "./clock";
import { Busy, Conflict, NotFound } from "./errors";
import { ArrayState, JobRec } from "./types";
import { World } from "./world";

export interface JobResult {
  description: string;
  outcome?: JobRec["outcome"];
  resources?: string[];
  operations?: string[];
  progress?: string[];
  succeeded?: string[];
  failed?: JobRec["failed"];
}

export function jobStatus(job: JobRec, now: number): string {
  if (now >= job.endsAt) return job.outcome;
  return now < job.createdAt + (job.endsAt - job.createdAt) / 2 ? JobStatus.Queued : JobStatus.Running;
}

/** Drop jobs 30 min after they ended (docs/unverified-points.md#row-9-job-retention: any terminal state). */
export function purgeJobs(array: ArrayState, now: number): void {
  const limit = JOB_RETENTION_SECONDS * 1000;
  for (const [id, j] of array.jobs) if (now >= j.endsAt + limit) array.jobs.delete(id);
}

/** [M:jobmgmt]: with 512 registered jobs the array answers 503. */
export function jobsFull(array: ArrayState, now: number): boolean {
  if (array.jobs.size < MAX_REGISTERED_JOBS) return false;
  purgeJobs(array, now);
  return array.jobs.size >= MAX_REGISTERED_JOBS;
}

export function createJob(world: World, array: ArrayState, user: string, r: JobResult): JobRec {
  const now = world.now();
  if (jobsFull(array, now)) throw new Busy("The number of registered jobs reached the limit", "job");
  const failed = r.failed ?? [];
  const outcome = r.outcome ?? JobStatus.Success;
  const job: JobRec = {
    id: array.nextJobId++,
    user,
    description: r.description,
    createdAt: now,
    endsAt: now + world.settings.jobLatencyMs,
    outcome,
    resources: r.resources ?? [],
    operations: (r.operations ?? []).map((operation) => ({ result: outcome === JobStatus.Error ? "Failed" : "Succeeded", operation })),
  };
  if (r.progress) job.progress = r.progress;
  if (r.succeeded) job.succeeded = r.succeeded;
  if (failed.length) job.failed = failed;
  array.jobs.set(job.id, job);
  return job;
}

/** Only the creating user sees a job; others get 404 [M:job-get]. */
export function getJob(array: ArrayState, user: string, id: number, now: number): JobRec {
  purgeJobs(array, now);
  const j = array.jobs.get(id);
  if (!j || j.user !== user) throw new NotFound("The specified job does not exist", "job_id");
  return j;
}

export function listJobs(array: ArrayState, user: string, now: number): JobRec[] {
  purgeJobs(array, now);
  return [...array.jobs.values()].filter((j) => j.user === user).sort((a, b) => a.id - b.id);
}

/** docs/unverified-points.md#row-7-job-deletion: all-or-nothing; unknown -> 404, not terminal -> 409. */
export function deleteJobs(array: ArrayState, user: string, ids: number[], now: number): void {
  const jobs = ids.map((id) => getJob(array, user, id, now));
  for (const j of jobs) {
    if (!isTerminalJobStatus(jobStatus(j, now))) throw new Conflict(`Job ${j.id} has not finished`, "job_id_list");
  }
  for (const j of jobs) array.jobs.delete(j.id);
}

export function renderJob(j: JobRec, now: number): Record<string, unknown> {
  const status = jobStatus(j, now);
  const modified = now >= j.endsAt ? j.endsAt : status === JobStatus.Running ? j.createdAt + (j.endsAt - j.createdAt) / 2 : j.createdAt;
  const terminal = now >= j.endsAt;
  const out: Record<string, unknown> = {
    job_id: j.id,
    job_href: jobHref(j.id),
    description: j.description,
    status,
    created_time: isoSeconds(j.createdAt),
    modified_time: isoSeconds(modified),
    resource_href_list: j.resources,
    operation_list: terminal ? j.operations : [],
  };
  if (j.progress) out.progress_href_list = j.progress;
  if (j.succeeded) out.succeeded_resource_href_list = terminal ? j.succeeded : [];
  if (j.failed) out.failed_resource_info_list = terminal ? j.failed : [];
  return out;
}
