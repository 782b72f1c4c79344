/**
 * The job-limit step (issue 16, [M:jobmgmt]): at MAX_REGISTERED_JOBS records the array answers 503 to
 * every request. Retrying would only add load, so on that answer (dialect isJobLimitAnswer) this client
 * first deletes its own records (`release`: leftovers and lost jobs, job-records.ts), then re-sends once;
 * a second limit answer fails with EternusJobLimitError (ERR_JOB_LIMIT), which the retry step never
 * retries. Bounded: one release and two sends per request, never a loop of reads into 503s.
 * Requests labelled CLEANUP_LABEL (the release's own) never start a release.
 */
import { MAX_REGISTERED_JOBS, isJobLimitAnswer } from "../../api/dialect";
import { EternusApiError, EternusJobLimitError } from "../errors";
import type { Step } from "./step";

/** ApiRequest.label of the requests that delete or look for this client's own job records. */
export const CLEANUP_LABEL = "job-cleanup";

export function isJobLimitError(e: unknown): e is EternusApiError {
  return e instanceof EternusApiError && e.code !== "ERR_JOB_LIMIT" && isJobLimitAnswer(e.status, e.message);
}

export function jobLimitStep(o: { release: (signal?: AbortSignal) => Promise<unknown> }): Step {
  // Requests that meet the limit together share one release.
  let releasing: Promise<unknown> | undefined;
  return async (x, next) => {
    try {
      return await next(x);
    } catch (e) {
      if (!isJobLimitError(e)) throw e;
      if (x.req.label === CLEANUP_LABEL) throw new EternusJobLimitError(e, MAX_REGISTERED_JOBS);
      const run = releasing ??= o.release(x.signal).catch(() => undefined).finally(() => { if (releasing === run) releasing = undefined; });
      await run;
    }
    try {
      return await next(x);
    } catch (e) {
      throw isJobLimitError(e) ? new EternusJobLimitError(e, MAX_REGISTERED_JOBS) : e;
    }
  };
}
