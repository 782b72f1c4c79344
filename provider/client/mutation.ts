/**
 * Mutating requests: send, wait for the job (if any), delete its record at once (jobs.ts, job-records.ts).
 * Counts mutations begun plus ended (EternusClient.mutations: cached reads are stale once it changes) and
 * gives the lost-job search every job id this client was given.
 */
import * as jobsApi from "../api/jobs";
import type { ApiRequest } from "../api/request";
import { notUnderstood, type ApiSend } from "./endpoints/calls";
import { EternusApiError } from "./errors";
import { JobDurations, JobPollPolicy, waitForJob } from "./jobs";
import type { JobRecords } from "./job-records";
import type { LostJobSearch } from "./lost-job-search";
import type { Runtime } from "./runtime";
import { pathOnly } from "./transport";
import type { CallOptions } from "./types";

export interface MutationDeps {
  arrayName: string;
  runtime: Runtime;
  send: ApiSend;
  policy: JobPollPolicy;
  records: JobRecords;
  lostJobs: LostJobSearch;
}

export class Mutations {
  private count = 0;
  private readonly durations: JobDurations;

  constructor(private readonly deps: MutationDeps) {
    this.durations = new JobDurations(deps.policy.initialIntervalMs);
  }

  get counted(): number {
    return this.count;
  }

  async mutate(req: ApiRequest, o?: CallOptions): Promise<jobsApi.Job | undefined> {
    this.count++;
    try {
      return await this.once(req, o);
    } finally {
      this.count++;
    }
  }

  private async once(req: ApiRequest, o?: CallOptions): Promise<jobsApi.Job | undefined> {
    const d = this.deps;
    const res = await d.send(req, o?.signal);
    const accepted = jobsApi.acceptedSchema().safeParse(res.data);
    if (!accepted.success) {
      if (res.status !== 202) return undefined; // synchronous answer (200/204): nothing to wait for
      throw new EternusApiError({ arrayName: d.arrayName, method: req.method, path: pathOnly(req.path), status: 202, code: "ERR_BAD_RESPONSE", arrayMessage: notUnderstood("202 without a job: the reply", accepted.error, res.data) });
    }
    d.lostJobs.noteAccepted(accepted.data.job_id);
    return waitForJob(accepted.data.job_id, req, {
      arrayName: d.arrayName, runtime: d.runtime, policy: d.policy, durations: this.durations, send: d.send,
      releaseRecord: (id, signal) => d.records.release(id, signal),
    }, o?.signal);
  }
}
