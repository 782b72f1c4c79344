/**
 * The request pipeline's one shape, in the spirit of undici's interceptors: a step gets the exchange and
 * the rest of the pipeline (`next`) and answers or throws. Steps are composed in pipeline/build.ts only.
 */
import type { ApiRequest } from "../../api/request";

/** One request on its way down the pipeline. `token` is set by the auth step (absent for a login). */
export interface Exchange {
  req: ApiRequest;
  token?: string;
  signal?: AbortSignal;
}

/** The status and parsed JSON of a 2xx reply (4xx/5xx and transport failures throw EternusApiError). */
export interface Reply {
  status: number;
  data: unknown;
}

export type Send = (x: Exchange) => Promise<Reply>;
export type Step = (x: Exchange, next: Send) => Promise<Reply>;

/** `steps[0]` runs first (outermost); `last` is the wire. */
export function compose(steps: readonly Step[], last: Send): Send {
  return steps.reduceRight<Send>((next, step) => (x) => step(x, next), last);
}
