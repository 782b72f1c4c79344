/**
 * Retry of 503 and connection errors with capped exponential backoff, full jitter and an overall deadline
 * (docs/rest-api.md 1.3 [P]). Decides by HTTP status and transport failure, never by
 * error_code.
 *
 * Lost responses: a request that is not idempotent (POST/PATCH/DELETE that creates a job) is re-sent only
 * when the failure proves it never reached the array (503, connection refused, connect timeout). When it
 * may have arrived (reset after sending, response timeout) the retry stops with EternusOutcomeUnknownError
 * (code ERR_LOST_RESPONSE): the caller reads the state back first.
 */
import type { ApiRequest } from "../api/request";
import { EternusApiError, EternusOutcomeUnknownError } from "./errors";
import { Runtime, throwIfAborted } from "./runtime";

export interface RetryPolicy {
  /** First backoff ceiling. */
  baseDelayMs: number;
  /** Backoff ceiling cap. */
  maxDelayMs: number;
  /** Attempts in total (first try included). */
  maxAttempts: number;
  /** Overall budget from the first attempt; no retry is scheduled past it. */
  deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 250, maxDelayMs: 8_000, maxAttempts: 8, deadlineMs: 120_000 };

/** Full jitter: uniform in [0, min(cap, base * 2^retry)). `retry` counts from 0. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export type RetryDecision = "retry" | "fail" | "outcome-unknown";

/** What to do with an error of one attempt. */
export function decide(err: unknown, req: Pick<ApiRequest, "idempotent">): RetryDecision {
  if (!(err instanceof EternusApiError)) return "fail";
  if (err.code === "ERR_LOST_RESPONSE" || err.code === "ERR_JOB_LIMIT") return "fail";
  if (err.status === 503) return "retry";
  if (err.status !== 0 || !err.transport) return "fail";
  const t = err.transport;
  if (t.kind === "tls" || t.kind === "aborted" || t.kind === "invalid") return "fail";
  if (t.kind === "dns" && t.causeCode !== "EAI_AGAIN") return "fail";
  if (t.kind === "other" && !t.maybeSent) return "fail"; // client closed
  // Refused before the array ever answered: nothing listens there (wrong port, API off); waiting won't help.
  if (t.causeCode === "ECONNREFUSED" && t.beforeFirstResponse) return "fail";
  if (!t.maybeSent) return "retry";
  return req.idempotent ? "retry" : "outcome-unknown";
}

export interface RetryContext {
  req: Pick<ApiRequest, "method" | "path" | "idempotent" | "label">;
  arrayName: string;
  policy: RetryPolicy;
  runtime: Runtime;
  signal?: AbortSignal;
  /** Errors to judge as if the request were idempotent (failures of the login that precedes it). */
  idempotentError?: (err: unknown) => boolean;
  /** Errors never to retry whatever they are (a login over plain HTTP: each re-send exposes the password). */
  finalError?: (err: unknown) => boolean;
}

/** Run `attempt` until it succeeds, fails for good, or the policy runs out. */
export async function withRetry<T>(attempt: () => Promise<T>, ctx: RetryContext): Promise<T> {
  const { policy, runtime } = ctx;
  const start = runtime.now();
  for (let retry = 0; ; retry++) {
    throwIfAborted(ctx.signal, `${ctx.req.method} ${ctx.req.path}`);
    try {
      return await attempt();
    } catch (err) {
      const d = ctx.finalError?.(err) ? "fail" : decide(err, ctx.idempotentError?.(err) ? { idempotent: true } : ctx.req);
      if (d === "outcome-unknown") {
        const e = err as EternusApiError;
        const lost = new EternusOutcomeUnknownError({
          arrayName: e.arrayName, method: e.method, path: e.path, status: 0, request: e.request, transport: e.transport, cause: e,
          reason: e.transport?.kind === "timeout" ? "request-timeout" : "response-lost", arrayMessage: e.transport?.causeCode,
        });
        lost.retryCount = retry;
        throw lost;
      }
      if (d === "fail" || retry + 1 >= policy.maxAttempts) throw withCount(err, retry);
      const delay = backoffDelay(retry, policy, runtime.random);
      if (runtime.now() - start + delay > policy.deadlineMs) throw withCount(err, retry);
      const e = err as EternusApiError;
      runtime.log(`[eternus] array ${ctx.arrayName}: ${e.method} ${e.path} answered ${e.status === 0 ? e.transport?.causeCode ?? e.code : e.status}; retry ${retry + 1}/${policy.maxAttempts - 1} in ${delay} ms`);
      await runtime.sleep(delay, ctx.signal);
    }
  }
}

function withCount(err: unknown, retries: number): unknown {
  if (err instanceof EternusApiError) err.retryCount = retries;
  return err;
}
