/**
 * The per-process client registry and operation leases, without importing undici (check/diff load this).
 *
 * Why leases: the engine stops a provider plugin with a signal once the last operation returns, so an
 * exit hook never gets to log out, and every `pulumi` command would leave one REST session per array
 * behind until its token expires (30 min). Arrays cap concurrent REST sessions (dialect row 20), so a few
 * CI runs lock everyone out. Each provider operation holds a lease; when the last lease ends, every
 * client logs out. Overlapping operations (parallel resources) share one login.
 */
import type { EternusClient } from "./types";

export interface Registry {
  clients: Map<string, EternusClient>;
  leases: number;
  exitHookInstalled: boolean;
}

const REGISTRY_KEY = Symbol.for("pulumi-eternus-rec.client-registry");

/** On globalThis: the serialized provider may load this module twice; all copies share the logins. */
export function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = { clients: new Map(), leases: 0, exitHookInstalled: false };
    g[REGISTRY_KEY] = r;
  }
  return r;
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
