/** /job [M:job-list, M:job-get, M:jobmgmt]: this user's job records, and deleting one. */
import * as jobsApi from "../../api/jobs";
import type { JobRecords } from "../job-records";
import type { CallOptions, JobSummary } from "../types";
import type { Calls } from "./calls";

export class JobsEndpoint {
  constructor(private readonly calls: Calls, private readonly records: JobRecords) {}

  /** GET /job: this user's job records (all pages). */
  list(o?: CallOptions): Promise<JobSummary[]> {
    return this.calls.list(jobsApi.listJobs(), jobsApi.jobListPageSchema(), o);
  }

  /** DELETE /job for one record; 404 counts as done. False when it could not be deleted (logged). */
  async delete(jobId: number, o?: CallOptions): Promise<boolean> {
    await this.records.deleteNow([jobId], o?.signal);
    return !this.records.pending.includes(jobId);
  }
}
