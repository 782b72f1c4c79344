/**
 * The exchange hook (the trace, the probe's transcript): one event per HTTP exchange, logins, retries,
 * refreshes and logouts included, with both bodies redacted. A sensitive request (a login) carries no body
 * either way: its reply holds the token. Placed first in the wire steps, so errors arrive already scrubbed.
 */
import type { EternusApiError } from "../errors";
import { redactText } from "../redaction";
import type { Step } from "./step";

/** One HTTP exchange with its bodies, already redacted (secrets replaced, none for a sensitive request). */
export interface ExchangeEvent {
  array: string;
  method: string;
  path: string;
  label?: string;
  status: number;
  ms: number;
  code?: string;
  request?: unknown;
  response?: unknown;
}

export function exchangeStep(o: { arrayName: string; now: () => number; secrets: () => readonly string[]; onExchange: (e: ExchangeEvent) => void }): Step {
  return async (x, next) => {
    const started = o.now();
    const { req } = x;
    const emit = (status: number, response: unknown, code?: string) => {
      const secrets = o.secrets();
      const clean = (v: unknown) => (v === undefined || req.sensitive ? undefined : JSON.parse(redactText(JSON.stringify(v), secrets)) as unknown);
      o.onExchange({ array: o.arrayName, method: req.method, path: redactText(req.path, secrets), label: req.label, status,
        ms: o.now() - started, code, request: clean(req.body), response: clean(response) });
    };
    try {
      const res = await next(x);
      emit(res.status, res.data);
      return res;
    } catch (e) {
      const err = e as EternusApiError;
      emit(err.status ?? 0, err.response?.data, err.code);
      throw e;
    }
  };
}
