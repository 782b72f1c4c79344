/** The ETERNUS REST client: required at call time by the resource implementations (never captured). */
export { closeAllClients, getEternusClient, withClientLease } from "./client-registry";
export { createEternusClient, EternusRestClient } from "./eternus-client";
export type { EternusClientOptions } from "./client-options";
export type { RequestEvent } from "./pipeline/observe";
export * from "./errors";
export * from "./types";
