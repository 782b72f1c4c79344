/**
 * Finished job records, deleted as soon as their job ends: the manual says to delete job information
 * "immediately after the job is completed", because at MAX_REGISTERED_JOBS records the array answers 503
 * to every user ([M:jobmgmt]). Only records that end together share a DELETE /job (it takes a
 * job_id_list, docs/unverified-points.md#row-7-job-deletion): jobs that end while a delete is in flight, or
 * in the same tick, go in the next one. Nothing waits to fill a batch.
 *
 * The array deletes a list all-or-nothing: a 404 means one id is already gone, so the list is retried one
 * id at a time (each 404 then counts as done). A record that could not be deleted is kept as a leftover,
 * deleted again by flush() (close, and the job-limit step); the array expires it after 30 min anyway.
 */
import { JOB_DELETE_STATUS } from "../api/dialect";
import * as jobsApi from "../api/jobs";
import { hasStatus } from "./errors";
import { CLEANUP_LABEL } from "./pipeline/job-limit";
import type { Runtime } from "./runtime";
import type { ApiSend } from "./endpoints/calls";
import type { ArrayDialect } from "./array-dialect";

/** Ids per DELETE /job request (keeps the body small). */
export const MAX_IDS_PER_DELETE = 16;

export interface JobRecordDeps {
  arrayName: string;
  runtime: Pick<Runtime, "log">;
  /** Authenticated, retried send. */
  send: ApiSend;
  /** DELETE /job in the array's form (row 7), with the one-time fallback. */
  dialect: ArrayDialect;
}

export class JobRecords {
  private inFlight: Promise<void> = Promise.resolve();
  private next: { ids: number[]; done: Promise<void> } | undefined;
  private readonly leftovers = new Set<number>();

  constructor(private readonly deps: JobRecordDeps) {}

  /** Records this client could not delete yet (tests, close). */
  get pending(): readonly number[] {
    return [...this.leftovers];
  }

  /** Delete the record of a job that just ended (with any that end together). Never throws. */
  release(jobId: number, signal?: AbortSignal): Promise<void> {
    if (!this.next) {
      const ids: number[] = [];
      const done = this.inFlight.then(() => {
        if (this.next?.ids === ids) this.next = undefined;
        return this.deleteNow(ids, signal);
      });
      this.next = { ids, done };
      this.inFlight = done;
    }
    this.next.ids.push(jobId);
    return this.next.done;
  }

  /** Delete these records now (ids found by the lost-job search). Never throws. */
  async deleteNow(ids: readonly number[], signal?: AbortSignal): Promise<void> {
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_DELETE) {
      for (const id of await this.deleteList(ids.slice(i, i + MAX_IDS_PER_DELETE), signal)) this.leftovers.add(id);
    }
  }

  /** Wait for deletes in flight, then delete the leftovers again. Returns the ids still left. Never throws. */
  async flush(signal?: AbortSignal): Promise<number[]> {
    await this.inFlight;
    const ids = [...this.leftovers];
    this.leftovers.clear();
    await this.deleteNow(ids, signal);
    return [...this.leftovers];
  }

  /** Returns the ids that could not be deleted (logged). */
  private async deleteList(ids: number[], signal?: AbortSignal): Promise<number[]> {
    if (ids.length === 0) return [];
    try {
      const res = await this.deps.dialect.send(["jobDelete"], (d) => ({ ...jobsApi.deleteJobs(ids, d), label: CLEANUP_LABEL }), (req) => this.deps.send(req, signal));
      if (res.status !== JOB_DELETE_STATUS && (res.status < 200 || res.status > 299)) {
        this.deps.runtime.log(`[eternus] array ${this.deps.arrayName}: DELETE /job for ${ids.join(", ")} answered ${res.status}`);
      }
      return [];
    } catch (e) {
      if (hasStatus(e, 404)) {
        if (ids.length === 1) return [];
        const failed: number[] = [];
        for (const id of ids) failed.push(...await this.deleteList([id], signal));
        return failed;
      }
      this.deps.runtime.log(`[eternus] array ${this.deps.arrayName}: could not delete job record${ids.length > 1 ? "s" : ""} ${ids.join(", ")} (${(e as Error).message}); the array expires them after 30 min`);
      return ids;
    }
  }
}
