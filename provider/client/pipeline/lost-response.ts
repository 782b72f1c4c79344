/**
 * The lost-response step: a mutating request whose answer was lost (ERR_LOST_RESPONSE, raised by the retry
 * step below it) may have started a job this client never learned of. It is noted for the lost-job search
 * (lost-job-search.ts), which finds and deletes that job's record at the job limit and on close. Reading the
 * resource back is the caller's part: the deletes here (endpoints/), the resources' common/lost-response.ts.
 */
import type { ApiRequest } from "../../api/request";
import { isOutcomeUnknown } from "../errors";
import type { Step } from "./step";

export function lostResponseStep(o: { noteLost: (req: ApiRequest) => void }): Step {
  return async (x, next) => {
    try {
      return await next(x);
    } catch (e) {
      if (isOutcomeUnknown(e) && !x.req.idempotent) o.noteLost(x.req);
      throw e;
    }
  };
}
