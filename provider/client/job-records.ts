/**
 * Finished job records, deleted in batches: DELETE /job takes a job_id_list (docs/unverified-points.md#row-7-job-deletion), so a resource
 * operation that runs many jobs (suspend, patch, resume, ...) costs one cleanup request per batch instead of
 * one per job. The array keeps at most 512 records per array and answers 503 to everything beyond
 * ([M:jobmgmt]), so batches stay small (MAX_BATCH) and every client flushes before it logs out. A process
 * killed mid-operation leaves at most one batch, which the array expires after 30 min.
 *
 * The array deletes a list all-or-nothing: a 404 means one id is already gone, so the batch is retried one
 * id at a time (each 404 then counts as done).
 */
import { JOB_DELETE_STATUS } from "../api/dialect";
import * as jobsApi from "../api/jobs";
import type { ApiRequest } from "../api/request";
import { hasStatus } from "./errors";
import type { Runtime } from "./runtime";

export const MAX_BATCH = 16;

export interface JobRecordDeps {
  arrayName: string;
  runtime: Pick<Runtime, "log">;
  /** Authenticated, retried send. */
  send: (req: ApiRequest, signal?: AbortSignal) => Promise<{ status: number; data: unknown }>;
}

export class JobRecordBatch {
  private queued: number[] = [];
  private readonly deps: JobRecordDeps;
  private readonly maxBatch: number;

  constructor(deps: JobRecordDeps, maxBatch = MAX_BATCH) {
    this.deps = deps;
    this.maxBatch = Math.max(1, maxBatch);
  }

  get pending(): readonly number[] {
    return this.queued;
  }

  /** Queue a finished job; deletes the batch once it is full. Never throws (cleanup is best effort). */
  async add(jobId: number, signal?: AbortSignal): Promise<void> {
    this.queued.push(jobId);
    if (this.queued.length >= this.maxBatch) await this.flush(signal);
  }

  /** Delete every queued record. Returns the ids that could not be deleted (logged). Never throws. */
  async flush(signal?: AbortSignal): Promise<number[]> {
    const failed: number[] = [];
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0, this.maxBatch);
      failed.push(...await this.deleteBatch(batch, signal));
    }
    return failed;
  }

  private async deleteBatch(ids: number[], signal?: AbortSignal): Promise<number[]> {
    try {
      await this.send(ids, signal);
      return [];
    } catch (e) {
      if (hasStatus(e, 404)) {
        if (ids.length === 1) return [];
        const failed: number[] = [];
        for (const id of ids) failed.push(...await this.deleteBatch([id], signal));
        return failed;
      }
      this.deps.runtime.log(`[eternus] array ${this.deps.arrayName}: could not delete job record${ids.length > 1 ? "s" : ""} ${ids.join(", ")} (${(e as Error).message}); the array expires them after 30 min`);
      return ids;
    }
  }

  private async send(ids: number[], signal?: AbortSignal): Promise<void> {
    const res = await this.deps.send(jobsApi.deleteJobs(ids), signal);
    if (res.status !== JOB_DELETE_STATUS && (res.status < 200 || res.status > 299)) {
      this.deps.runtime.log(`[eternus] array ${this.deps.arrayName}: DELETE /job for ${ids.join(", ")} answered ${res.status}`);
    }
  }
}
