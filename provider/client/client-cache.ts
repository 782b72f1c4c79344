/**
 * One EternusClient per array per process (dialect row 20: one REST session per array per provider
 * process). Created lazily at call time, never at module load, so closure serialization never sees it.
 * The registry lives on globalThis under a Symbol.for key: the serialized provider may load this module
 * more than once (different resolution paths), and all copies must share the same logins.
 */
import { createHash } from "node:crypto";
import { createEternusClient } from "./eternus-client";
import type { ArrayConnection, EternusClient } from "./types";

interface Registry {
  clients: Map<string, EternusClient>;
  exitHookInstalled: boolean;
}

const REGISTRY_KEY = Symbol.for("pulumi-eternus-rec.client-registry");

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = { clients: new Map(), exitHookInstalled: false };
    g[REGISTRY_KEY] = r;
  }
  return r;
}

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

/** Log out of every array (DELETE /session/{id}) and close the pools. */
export async function closeAllClients(): Promise<void> {
  const r = registry();
  const all = [...r.clients.values()];
  r.clients.clear();
  await Promise.all(all.map((c) => c.close().catch(() => undefined)));
}

function installExitHook(r: Registry): void {
  if (r.exitHookInstalled) return;
  r.exitHookInstalled = true;
  // beforeExit fires when the event loop drains (the plugin's normal end); logout needs async I/O.
  process.once("beforeExit", () => { void closeAllClients(); });
}
