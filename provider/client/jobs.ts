/**
 * Jobs [M:jobmgmt]: poll GET /job/{id} (first after the array's learned job time, then backoff 100 ms, x1.5,
 * cap 2 s) until terminal, then release the
 * record at once (job-records.ts: DELETE /job, docs/unverified-points.md#row-7-job-deletion; 512-job limit). Error / Partial_Error / Canceled throw
 * EternusJobError with failed_resource_info_list. A 404 on a job already seen means "expired" and one never
 * seen means "not visible": both are EternusOutcomeUnknownError (ERR_LOST_RESPONSE), read state back.
 */
import { JOB_FIELDS, JobStatus, enumEquals, isTerminalJobStatus } from "../api/dialect";
import * as jobsApi from "../api/jobs";
import { EternusApiError, EternusJobError, EternusOutcomeUnknownError, EternusTimeoutError, hasStatus } from "./errors";
import { notUnderstood, type ApiSend } from "./endpoints/calls";
import type { Runtime } from "./runtime";
import { pathOnly } from "./transport";
import { waitFor } from "./wait";

export interface JobPollPolicy {
  initialIntervalMs: number;
  maxIntervalMs: number;
  backoff: number;
  /** Bound of one job wait. */
  timeoutMs: number;
}
export const DEFAULT_JOB_POLL_POLICY: JobPollPolicy = { initialIntervalMs: 100, maxIntervalMs: 2_000, backoff: 1.5, timeoutMs: 10 * 60_000 };

/**
 * How long this array's jobs take, learned per client: the next job's first poll waits for 90% of the last
 * job's observed time instead of polling at once and backing off from 100 ms (3 polls for a 200 ms job,
 * then 1). The first job of a client waits the first interval before its first poll. 90%, so the estimate can also come down when jobs get faster; capped so a slow job once does not
 * delay every later one by much.
 */
export class JobDurations {
  private expectedMs: number | undefined;
  /** Before anything is learned: the policy's first interval (a job is never done the moment it is accepted). */
  constructor(private readonly firstGuessMs = DEFAULT_JOB_POLL_POLICY.initialIntervalMs) {}
  firstPollInMs(): number {
    return this.expectedMs ?? this.firstGuessMs;
  }
  observe(ms: number): void {
    this.expectedMs = Math.min(MAX_LEARNED_FIRST_POLL_MS, Math.max(0, Math.floor(ms * 0.9)));
  }
}
const MAX_LEARNED_FIRST_POLL_MS = 2_000;

export interface JobDeps {
  arrayName: string;
  runtime: Runtime;
  /** Authenticated, retried send. */
  send: ApiSend;
  policy: JobPollPolicy;
  /** Learned job durations of this array (none: poll at once). */
  durations?: JobDurations;
  /** Deletes a finished job's record (job-records.ts JobRecords.release); never throws. */
  releaseRecord: (jobId: number, signal?: AbortSignal) => Promise<unknown>;
}

/** The request that started the job, for messages. */
export interface JobOrigin {
  method: string;
  path: string;
}

export async function waitForJob(jobId: number, origin: JobOrigin, deps: JobDeps, signal?: AbortSignal): Promise<jobsApi.Job> {
  const path = pathOnly(origin.path);
  let seen = false;
  const started = deps.runtime.now();
  const readJob = async (): Promise<jobsApi.Job> => {
    let res: { status: number; data: unknown };
    try {
      res = await deps.send(jobsApi.getJob(jobId), signal);
    } catch (e) {
      if (!hasStatus(e, 404)) throw e;
      throw new EternusOutcomeUnknownError({
        arrayName: deps.arrayName, method: origin.method, path, status: 0, cause: e, jobId, reason: seen ? "job-expired" : "job-not-found",
      });
    }
    const parsed = jobsApi.jobSchema().safeParse(res.data);
    if (!parsed.success) {
      throw new EternusApiError({ arrayName: deps.arrayName, method: "GET", path: pathOnly(jobsApi.getJob(jobId).path), status: res.status, code: "ERR_BAD_RESPONSE", arrayMessage: notUnderstood("job reply", parsed.error, res.data) });
    }
    seen = true;
    return parsed.data;
  };
  let final: jobsApi.Job;
  try {
    final = await waitFor(readJob, (j) => isTerminalJobStatus(j.status), {
      runtime: deps.runtime, deadlineAt: started + deps.policy.timeoutMs, signal,
      what: `job ${jobId} of ${origin.method} ${path} on array ${deps.arrayName}`,
      firstIntervalMs: deps.policy.initialIntervalMs, firstReadInMs: deps.durations?.firstPollInMs(),
      maxIntervalMs: deps.policy.maxIntervalMs, backoff: deps.policy.backoff,
      describeState: (s) => describeJobStatus((s as jobsApi.Job).status),
    });
  } catch (e) {
    if (e instanceof EternusTimeoutError) e.message += "; the job record is left for the array to expire";
    throw e;
  }
  deps.durations?.observe(deps.runtime.now() - started);
  await deps.releaseRecord(jobId, signal);
  if (!enumEquals(final.status, JobStatus.Success)) {
    throw new EternusJobError({
      jobId, jobStatus: final.status, arrayName: deps.arrayName, method: origin.method, path,
      failedResources: final[JOB_FIELDS.failedInfo], job: final,
    });
  }
  return final;
}

/** A job status for a timeout message; one this client does not know is said to be so (a later firmware's). */
function describeJobStatus(status: string): string {
  const known = Object.values(JobStatus).some((k) => enumEquals(status, k));
  return known ? `status ${status}` : `status ${JSON.stringify(status)}, which this client does not know (it waits for ${Object.values(JobStatus).join(", ")})`;
}

/** The ids of hrefs in a job's resource_href_list whose path contains `/<kind>/`. */
export function resourceIds(job: jobsApi.Job, kind: "volume" | "copysession"): number[] {
  const out: number[] = [];
  for (const href of job[JOB_FIELDS.resourceHrefs]) {
    const m = new RegExp(`/${kind}/(\\d+)/?$`).exec(href);
    if (m) out.push(Number(m[1]));
  }
  return out;
}
