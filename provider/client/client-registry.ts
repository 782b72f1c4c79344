/**
 * The per-process client registry: one EternusClient per array per process (docs/unverified-points.md#row-20-rest-sessions: one REST
 * session per array per provider process), plus operation leases that log every client out when the last
 * provider operation ends.
 *
 * Why leases: the engine stops a provider plugin with a signal once the last operation returns, so an exit
 * hook never gets to log out, and every `pulumi` command would leave one REST session per array behind until
 * its token expires (30 min). Arrays cap concurrent REST sessions, so a few CI runs lock everyone out. Each
 * provider operation holds a lease; when the last lease ends, every client logs out. Overlapping operations
 * (parallel resources) share one login.
 *
 * Loading this module does not load undici (check/diff import it through the resource implementations):
 * the client class is required when the first client is created, at call time.
 */
import { createHash } from "node:crypto";
import type { ArrayConnection, EternusClient } from "./types";

interface Registry {
  clients: Map<string, EternusClient>;
  leases: number;
  exitHookInstalled: boolean;
}

const REGISTRY_KEY = Symbol.for("pulumi-eternus-rec.client-registry");

/** On globalThis: the serialized provider may load this module twice; all copies share the logins. */
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = { clients: new Map(), leases: 0, exitHookInstalled: false };
    g[REGISTRY_KEY] = r;
  }
  return r;
}

/** Key: connection settings plus a hash of the password (a rotated password gets a new client). */
function keyOf(c: ArrayConnection): string {
  const pw = createHash("sha256").update(c.password ?? "").digest("hex");
  return JSON.stringify([c.name, c.endpoint, c.username, pw, c.caCert ?? "", c.insecureSkipVerify === true, c.requestTimeoutSeconds ?? 0, c.allowHttp === true]);
}

/** The process-wide client for a connection (created on first use). */
export function getEternusClient(conn: ArrayConnection): EternusClient {
  const r = registry();
  const key = keyOf(conn);
  const existing = r.clients.get(key);
  if (existing) return existing;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createEternusClient } = require("./eternus-client") as typeof import("./eternus-client");
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

/** Wrap a provider operation: clients created during it are logged out when no operation is running. */
export function withClientLease<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    const r = registry();
    r.leases++;
    try {
      return await fn(...args);
    } finally {
      r.leases--;
      if (r.leases === 0) await closeAllClients();
    }
  };
}

function installExitHook(r: Registry): void {
  if (r.exitHookInstalled) return;
  r.exitHookInstalled = true;
  // beforeExit fires when the event loop drains (the plugin's normal end); logout needs async I/O.
  process.once("beforeExit", () => { void closeAllClients(); });
}
