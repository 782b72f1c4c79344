/**
 * The job records of requests whose answer was lost: the client never learned their ids. Such a job has an
 * id above the last one this client was given before the request (ids grow per array: a project
 * assumption; if wrong, nothing matches and the array expires the record after 30 min). Among this user's
 * listed jobs above it that this client was not given, a finished one that names the request's resource is
 * ours; for a create (no resource known beforehand), only when exactly one job created a resource of that
 * kind. Another process of the same user may own the others: they are never touched.
 */
import { isTerminalJobStatus } from "../api/dialect";
import * as jobsApi from "../api/jobs";
import type { ApiRequest } from "../api/request";
import type { Calls } from "./endpoints/calls";
import { CLEANUP_LABEL } from "./pipeline/job-limit";
import { pathOnly } from "./transport";

/** How many of this user's unknown job records after the last known id are looked at per lost request. */
const LOST_JOB_SEARCH = 16;

interface LostMutation {
  /** The highest job id this client had been given when the request was sent. */
  after: number;
  /** The resource the request changed (/api/v1/volume/N, /api/v1/copysession/N); none for a create. */
  target?: string;
  kind: "volume" | "copysession";
}

export class LostJobSearch {
  /** Job ids this client was given (to bracket the job of a request whose answer was lost). */
  private readonly accepted: number[] = [];
  private readonly lost: LostMutation[] = [];

  get pending(): boolean {
    return this.lost.length > 0;
  }

  noteAccepted(jobId: number): void {
    this.accepted.push(jobId);
  }

  noteLost(req: ApiRequest): void {
    const path = pathOnly(req.path);
    const m = /^(\/api\/v1\/(volume|copysession)\/\d+)/.exec(path);
    this.lost.push({ after: Math.max(0, ...this.accepted), target: m?.[1], kind: /\/copysession/.test(path) ? "copysession" : "volume" });
  }

  /** The ids of our lost jobs' records (each lost request is searched once). Best effort: never throws. */
  async search(calls: Calls, signal?: AbortSignal): Promise<number[]> {
    const known = new Set(this.accepted);
    const listReq = { ...jobsApi.listJobs(), label: CLEANUP_LABEL };
    // This user's job records on the array (another user's are not listed, nor readable).
    const listed = (await calls.list(listReq, jobsApi.jobListPageSchema(), { signal }).catch(() => [])).map((j) => j.job_id).sort((a, b) => a - b);
    const found: number[] = [];
    for (const lost of this.lost.splice(0)) {
      const matches: number[] = [];
      for (const id of listed.filter((x) => x > lost.after && !known.has(x)).slice(0, LOST_JOB_SEARCH)) {
        const job = await calls.getOrUndefined({ ...jobsApi.getJob(id), label: CLEANUP_LABEL }, jobsApi.jobSchema(), { signal }).catch(() => undefined);
        if (!job || !isTerminalJobStatus(job.status)) continue;
        const hrefs = (job.resource_href_list ?? []).map(String);
        if (lost.target ? hrefs.includes(lost.target) : hrefs.some((h) => h.startsWith(`/api/v1/${lost.kind}/`))) matches.push(id);
      }
      // A create names no resource beforehand: only an unambiguous match is taken as ours.
      for (const id of lost.target ? matches.slice(0, 1) : matches.length === 1 ? matches : []) {
        known.add(id);
        found.push(id);
      }
    }
    return found;
  }
}
