/**
 * The ETERNUS REST client. Resources use `getEternusClient(conn)` (one client per array per process) and
 * the EternusClient interface (types.ts). Error codes: see errors.ts / types.ts.
 */
export * from "./types";
export * from "./errors";
export { getEternusClient, closeAllEternusClients, clientCacheKey, cachedClientCount } from "./client-cache";
export { EternusRestClient, createEternusClient } from "./eternus-client";
export type { EternusClientOptions, RequestEvent } from "./eternus-client";
export { waitFor } from "./wait";
export type { WaitOptions, WaitProbe } from "./wait";
export { DEFAULT_RETRY_POLICY, backoffDelay } from "./retry";
export type { RetryPolicy } from "./retry";
export { DEFAULT_JOB_POLL_POLICY } from "./jobs";
export type { JobPollPolicy } from "./jobs";
export { parseEndpoint, DEFAULT_REQUEST_TIMEOUT_SECONDS } from "./transport";
export { realSleep } from "./runtime";
export type { Sleep, Runtime } from "./runtime";
