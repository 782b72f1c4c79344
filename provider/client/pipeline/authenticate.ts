/**
 * The auth step: a valid token on every request (login or refresh as auth.ts decides), and after a 401 one
 * re-login and one re-send (401 means the request was not executed); a second 401 fails. Failures of the
 * login itself are marked (isLoginFailure) so the retry step judges them as idempotent whatever the request.
 */
import { hasStatus } from "../errors";
import type { SessionAuth } from "../auth";
import type { Runtime } from "../runtime";
import { pathOnly } from "../transport";
import type { Step } from "./step";

const loginFailures = new WeakSet<object>();

/** True for an error raised while logging in (not by the request itself). */
export function isLoginFailure(e: unknown): boolean {
  return typeof e === "object" && e !== null && loginFailures.has(e);
}

async function login<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (typeof e === "object" && e !== null) loginFailures.add(e);
    throw e;
  }
}

export function authStep(auth: SessionAuth, o: { arrayName: string; runtime: Pick<Runtime, "log"> }): Step {
  return async (x, next) => {
    const token = await login(() => auth.token(x.signal));
    try {
      return await next({ ...x, token });
    } catch (e) {
      if (!hasStatus(e, 401)) throw e;
      o.runtime.log(`[eternus] array ${o.arrayName}: ${x.req.method} ${pathOnly(x.req.path)} answered 401; logging in again`);
      const fresh = await login(() => auth.renewAfter401(token, x.signal));
      return await next({ ...x, token: fresh });
    }
  };
}
