/**
 * Observation of every HTTP exchange (logins and retries included): the `onRequest` event for tests and
 * debugging, and `onTransportFailure` for state that a dead connection invalidates (the storage-system cache).
 */
import type { EternusApiError } from "../errors";
import type { Step } from "./step";

/** One request as seen on the wire (for tests and debugging). Never carries bodies or tokens. */
export interface RequestEvent {
  method: string;
  /** Path with query string. */
  path: string;
  label?: string;
  /** HTTP status, 0 for transport failures. */
  status: number;
  code?: string;
}

export function observeStep(o: { onRequest?: (e: RequestEvent) => void; onTransportFailure?: () => void }): Step {
  return async (x, next) => {
    const { method, path, label } = x.req;
    try {
      const res = await next(x);
      o.onRequest?.({ method, path, label, status: res.status });
      return res;
    } catch (e) {
      const err = e as EternusApiError;
      if (err.transport) o.onTransportFailure?.();
      o.onRequest?.({ method, path, label, status: err.status ?? 0, code: err.code });
      throw e;
    }
  };
}
