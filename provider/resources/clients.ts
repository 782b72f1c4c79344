/**
 * EternusClient per array, from the provider object's configuration (provider/config.ts). Connections come
 * from the client package's per-process cache, so one plugin process logs in once per array.
 * Tests may replace the factory (setClientFactory) to run against a fake.
 */
import { configOf, resolveArray } from "../config";
import type { ArrayConnection, EternusClient } from "../client/types";

export type ClientFactory = (conn: ArrayConnection) => EternusClient;

let override: ClientFactory | undefined;

/** Tests only: route every client request to `factory` (undefined restores the real client). */
export function setClientFactory(factory: ClientFactory | undefined): void {
  override = factory;
}

function realFactory(): ClientFactory {
  // Loaded lazily: the implementation pulls in undici, which check()/diff() do not need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("../client") as Record<string, unknown>;
  const f = (mod.getEternusClient ?? mod.getClient ?? mod.createEternusClient) as ClientFactory | undefined;
  if (typeof f !== "function") throw new Error("pulumi-eternus-rec: the REST client factory is missing from provider/client");
  return f;
}

/** The client for `arrayName` as configured for `provider`. Throws EternusConfigError for config problems. */
export function clientFor(provider: unknown, arrayName: string): EternusClient {
  const conn = resolveArray(configOf(provider), arrayName);
  return (override ?? realFactory())(conn);
}
