/** The ETERNUS REST client: required at call time by the resource implementations (never captured). */
export { closeAllClients, getEternusClient, withClientLease } from "./client-registry";
export { createEternusClient, EternusRestClient } from "./eternus-client";
export type { EternusClientOptions, RequestEvent } from "./eternus-client";
export * from "./errors";
export * from "./types";
