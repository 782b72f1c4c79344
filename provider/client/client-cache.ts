/**
 * One client per array per process, keyed by connection name + endpoint + username, created lazily at call
 * time. The registry lives on globalThis under a Symbol.for key, so two copies of this module (the
 * installed package and code copied by value into a serialized provider) share it.
 *
 * Exit: `beforeExit` logs every client out. SIGINT/SIGTERM (the engine stops plugins with a signal): log
 * out within ~1 s, then, if nobody else listens for that signal, re-raise it so the default action applies.
 * A SIGKILL leaves the REST session to expire with its token (30 min).
 */
import { createHash } from "node:crypto";
import { EternusClientOptions, EternusRestClient } from "./eternus-client";
import type { ArrayConnection, EternusClient } from "./types";

const REGISTRY_KEY = Symbol.for("pulumi-eternus-rec.client-registry.v1");
const SIGNAL_LOGOUT_BUDGET_MS = 1_000;

interface Entry {
  fingerprint: string;
  client: EternusClient;
}
interface Registry {
  clients: Map<string, Entry>;
  hooksInstalled: boolean;
}

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = { clients: new Map(), hooksInstalled: false };
    Object.defineProperty(globalThis, REGISTRY_KEY, { value: r, configurable: true, enumerable: false, writable: false });
  }
  return r;
}

export function clientCacheKey(conn: Pick<ArrayConnection, "name" | "endpoint" | "username">): string {
  return JSON.stringify([conn.name, conn.endpoint, conn.username]);
}

/** A hash of everything else that shapes a client (password rotation or a new CA => a new client). */
function fingerprint(conn: ArrayConnection & { caCertFile?: string }): string {
  return createHash("sha256")
    .update(JSON.stringify([conn.password, conn.caCert ?? "", conn.caCertFile ?? "", conn.insecureSkipVerify === true, conn.requestTimeoutSeconds ?? 0]))
    .digest("hex");
}

/**
 * The process-wide client for `conn`. Same name + endpoint + username => same client (one login per array);
 * a changed password/CA/TLS option replaces it (the old one is logged out in the background).
 * `opts` apply only when the client is created.
 */
export function getEternusClient(conn: ArrayConnection, opts?: EternusClientOptions): EternusClient {
  const reg = registry();
  const key = clientCacheKey(conn);
  const fp = fingerprint(conn);
  const existing = reg.clients.get(key);
  if (existing && existing.fingerprint === fp) return existing.client;
  if (existing) {
    reg.clients.delete(key);
    void existing.client.close().catch(() => undefined);
  }
  const client = new EternusRestClient(conn, opts);
  // close() through the cache also forgets the entry.
  const close = client.close.bind(client);
  client.close = async () => {
    const cur = reg.clients.get(key);
    if (cur && cur.client === client) reg.clients.delete(key);
    await close();
  };
  reg.clients.set(key, { fingerprint: fp, client });
  installExitHooks(reg);
  return client;
}

/** Clients currently cached (tests, diagnostics). */
export function cachedClientCount(): number {
  return registry().clients.size;
}

/** Log out and close every cached client. */
export async function closeAllEternusClients(): Promise<void> {
  const reg = registry();
  const all = [...reg.clients.values()];
  reg.clients.clear();
  await Promise.all(all.map((e) => e.client.close().catch(() => undefined)));
}

function installExitHooks(reg: Registry): void {
  if (reg.hooksInstalled) return;
  reg.hooksInstalled = true;
  process.on("beforeExit", () => {
    if (reg.clients.size > 0) void closeAllEternusClients();
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    const onSignal = () => {
      process.removeListener(sig, onSignal);
      const done = reg.clients.size > 0 ? closeAllEternusClients() : Promise.resolve();
      const budget = new Promise<void>((resolve) => setTimeout(resolve, SIGNAL_LOGOUT_BUDGET_MS).unref());
      void Promise.race([done, budget]).then(() => {
        // Nobody else handles it: restore the default action (terminate) by re-raising.
        if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
      });
    };
    process.on(sig, onSignal);
  }
}
