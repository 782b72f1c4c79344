/**
 * The retry step: each attempt runs the steps below it again (a fresh token, a re-login), within the
 * retry policy (retry.ts decides what is retried). A login over plain HTTP is never re-sent: each
 * attempt would expose the password again.
 */
import { RetryPolicy, withRetry } from "../retry";
import type { Runtime } from "../runtime";
import { isLoginFailure } from "./authenticate";
import type { Step } from "./step";

export function retryStep(o: { arrayName: string; policy: RetryPolicy; runtime: Runtime; plainHttp: boolean }): Step {
  return (x, next) => withRetry(() => next(x), {
    req: x.req, arrayName: o.arrayName, policy: o.policy, runtime: o.runtime, signal: x.signal,
    idempotentError: isLoginFailure,
    finalError: (e) => o.plainHttp && isLoginFailure(e),
  });
}
