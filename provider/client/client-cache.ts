/**
 * One EternusClient per array per process (dialect row 20: one REST session per array per provider
 * process). Created lazily at call time, never at module load, so closure serialization never sees it.
 * Logout happens when the last provider operation ends (registry.ts leases), or at process exit.
 */
import { createHash } from "node:crypto";
import { createEternusClient } from "./eternus-client";
import { Registry, closeAllClients, registry } from "./registry";
import type { ArrayConnection, EternusClient } from "./types";

/** Key: connection settings plus a hash of the password (a rotated password gets a new client). */
function keyOf(c: ArrayConnection): string {
  const pw = createHash("sha256").update(c.password ?? "").digest("hex");
  return JSON.stringify([c.name, c.endpoint, c.username, pw, c.caCert ?? "", c.insecureSkipVerify === true, c.requestTimeoutSeconds ?? 0]);
}

/** The process-wide client for a connection. */
export function getEternusClient(conn: ArrayConnection): EternusClient {
  const r = registry();
  const key = keyOf(conn);
  const existing = r.clients.get(key);
  if (existing) return existing;
  const client = createEternusClient(conn);
  r.clients.set(key, client);
  installExitHook(r);
  return client;
}

function installExitHook(r: Registry): void {
  if (r.exitHookInstalled) return;
  r.exitHookInstalled = true;
  // beforeExit fires when the event loop drains (the plugin's normal end); logout needs async I/O.
  process.once("beforeExit", () => { void closeAllClients(); });
}
