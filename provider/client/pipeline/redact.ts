/**
 * Secrets out of errors: an array may echo a request's text in its message, and a login's password or a
 * token must never reach an error, a log line or a transcript. Runs right above the wire, so every step
 * above it (and any trace writer placed above it) sees errors already cleaned.
 */
import { EternusApiError } from "../errors";
import { redactText } from "../redaction";
import type { Step } from "./step";

/** `secrets()` is read at failure time: tokens issued later are covered too. */
export function redactStep(secrets: () => readonly string[]): Step {
  return async (x, next) => {
    try {
      return await next(x);
    } catch (e) {
      if (e instanceof EternusApiError) scrub(e, secrets());
      throw e;
    }
  };
}

function scrub(e: EternusApiError, secrets: readonly string[]): void {
  e.message = redactText(e.message, secrets);
  const data = e.response?.data as { message?: unknown } | undefined;
  if (data && typeof data.message === "string") data.message = redactText(data.message, secrets);
}
