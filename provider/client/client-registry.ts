/**
 * The per-process client registry: one EternusClient per array per process, logged in once for the whole
 * engine run (docs/unverified-points.md#row-20-rest-sessions: one REST session per array per provider process).
 *
 * When clients log out (arrays cap concurrent REST sessions, so no login may outlive its use):
 * - on SIGINT/SIGTERM: the engine closes a plugin by sending SIGINT to its process group, waits 5 s, then
 *   SIGKILLs (pulumi sdk plugin.go `kill`). The handler logs every client out within SHUTDOWN_BUDGET_MS, then
 *   lets the signal end the process as it would have without the handler;
 * - on beforeExit (the event loop drained: a host that ends on its own);
 * - after IDLE_LOGOUT_MS without any running operation, so a long-lived host never holds a session forever.
 * Operations mark themselves with withClientLease: the idle timer runs only while no lease is held, so an
 * operation never loses its login mid-way. The previous design logged out whenever the last lease ended,
 * which made one `pulumi up` log in and out many times.
 *
 * Loading this module does not load undici (check/diff import it through the resource implementations):
 * the client class is required when the first client is created, at call time.
 */
import { createHash } from "node:crypto";
import { EternusError } from "./errors";
import { leaseEpoch as currentEpoch, nextLeaseEpoch } from "./lease-epoch";
import { defaultRuntime, type Runtime } from "./runtime";
import type { ArrayConnection, EternusClient } from "./types";
import { traceHook } from "../trace/trace";

/**
 * Idle time after which every client logs out. Long enough that the engine's gaps between operations of
 * one run (the program registering more resources, a slow dependency) do not cost a new login, short
 * enough that a host kept alive (automation API, a watch loop) frees the array's session slot soon.
 */
export const IDLE_LOGOUT_MS = 60_000;

/**
 * Whole logout budget on a signal: below the engine's 5 s grace before SIGKILL, with room for the
 * process to exit. auth.ts bounds logout retries to fit inside it.
 */
export const SHUTDOWN_BUDGET_MS = 4_500;

const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

interface Registry {
  clients: Map<string, EternusClient>;
  leases: number;
  /** The pending idle logout: when it fires (runtime clock) and how to cancel it. */
  idle: { at: number; cancel: () => void } | undefined;
  /** The last idle logout started (tests await it). */
  idleClosing: Promise<void>;
  hooksInstalled: boolean;
  /** The clock of the idle timer and the shutdown budget (real unless a test set its own). */
  runtime: Pick<Runtime, "now" | "timeout">;
  /** Set by the signal handler: no new client (its login would outlive the process). */
  shuttingDown: boolean;
}

/** Real time; the timeout signals' timers never keep a process alive on their own (runtime.ts timerSignal). */
const realRuntime = (): Pick<Runtime, "now" | "timeout"> => defaultRuntime();

/** A promise resolved when `signal` aborts, and its cancel. */
function onAbort(signal: AbortSignal, fire: () => void): () => void {
  signal.addEventListener("abort", fire, { once: true });
  return () => signal.removeEventListener("abort", fire);
}

const REGISTRY_KEY = Symbol.for("pulumi-eternus-rec.client-registry");

/** On globalThis: the serialized provider may load this module twice; all copies share the logins. */
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = { clients: new Map(), leases: 0, idle: undefined, idleClosing: Promise.resolve(), hooksInstalled: false, runtime: realRuntime(), shuttingDown: false };
    g[REGISTRY_KEY] = r;
  }
  return r;
}

/** Key: connection settings plus a hash of the password (a rotated password gets a new client). */
function keyOf(c: ArrayConnection): string {
  const pw = createHash("sha256").update(c.password ?? "").digest("hex");
  return JSON.stringify([c.name, c.endpoint, c.username, pw, c.caCert ?? "", c.insecureSkipVerify === true, c.requestTimeoutSeconds ?? 0, c.allowHttp === true, c.dialect ?? null]);
}

/** The process-wide client for a connection (created on first use). */
export function getEternusClient(conn: ArrayConnection): EternusClient {
  const r = registry();
  const key = keyOf(conn);
  const existing = r.clients.get(key);
  if (existing) return existing;
  if (r.shuttingDown) throw new EternusError(`array ${conn.name}: the provider plugin is shutting down (the engine ended it); no new REST login`, "ERR_CLIENT_CLOSED");
  // Required at call time so that loading the registry (check/diff) does not load undici. Not a cycle:
  // eternus-client does not import this module (it reads the epoch from lease-epoch.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createEternusClient } = require("./eternus-client") as typeof import("./eternus-client");
  const onExchange = traceHook(); // the opt-in trace (eternus:trace / ETERNUS_TRACE)
  const client = createEternusClient(conn, onExchange ? { onExchange } : {});
  r.clients.set(key, client);
  installHooks(r);
  if (r.leases === 0) armIdleTimer(r); // a client used outside any lease is still logged out when idle
  return client;
}

/**
 * Log out of every array (DELETE /session/{id}) and close the pools. `budgetMs` bounds the whole close
 * (job-record cleanup and logout) when the process is about to be killed.
 */
export async function closeAllClients(o?: { budgetMs?: number }): Promise<void> {
  const r = registry();
  clearIdleTimer(r);
  const all = [...r.clients.values()];
  r.clients.clear();
  await Promise.all(all.map((c) => c.close(o).catch(() => undefined)));
}

/** Number of clients alive (tests, debugging). */
export function openClientCount(): number {
  return registry().clients.size;
}

/**
 * The current stretch of overlapping provider operations: it changes when an operation starts while none
 * runs. Reads shared "while the run lasts" (a recent GET /storagesystem) are valid within one epoch only.
 */
export function leaseEpoch(): number {
  return currentEpoch();
}

/**
 * Wrap a provider operation: while any wrapped operation runs, no client is logged out for idleness;
 * when the last one ends, the idle timer starts.
 */
export function withClientLease<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    const r = registry();
    // An operation that starts when none runs begins a new epoch: it sees the arrays afresh (leaseEpoch).
    if (r.leases === 0) nextLeaseEpoch();
    r.leases++;
    clearIdleTimer(r);
    try {
      return await fn(...args);
    } finally {
      r.leases--;
      if (r.leases === 0) armIdleTimer(r);
    }
  };
}

/** Tests: the clock of the idle logout and the shutdown budget (undefined restores real time). */
export function setRegistryRuntime(runtime: Pick<Runtime, "now" | "timeout"> | undefined): void {
  registry().runtime = runtime ?? realRuntime();
}

/** When the pending idle logout fires (registry runtime clock), or undefined when none is pending. */
export function idleLogoutAt(): number | undefined {
  return registry().idle?.at;
}

/** Settles when the last idle logout has closed every client (tests). */
export function idleLogoutSettled(): Promise<void> {
  return registry().idleClosing;
}

function armIdleTimer(r: Registry): void {
  clearIdleTimer(r);
  if (r.clients.size === 0) return;
  const idle = {
    at: r.runtime.now() + IDLE_LOGOUT_MS,
    cancel: onAbort(r.runtime.timeout(IDLE_LOGOUT_MS), () => {
      if (r.idle !== idle) return;
      r.idle = undefined;
      if (r.leases === 0) r.idleClosing = closeAllClients();
    }),
  };
  r.idle = idle;
}

function clearIdleTimer(r: Registry): void {
  r.idle?.cancel();
  r.idle = undefined;
}

let shuttingDown: Promise<void> | undefined;

/** The signal handler: log out within the budget, then end the process as the signal would have. */
async function onShutdownSignal(signal: NodeJS.Signals): Promise<void> {
  if (!shuttingDown) {
    registry().shuttingDown = true;
    shuttingDown = Promise.race([
      closeAllClients({ budgetMs: SHUTDOWN_BUDGET_MS }),
      new Promise<void>((resolve) => { onAbort(registry().runtime.timeout(SHUTDOWN_BUDGET_MS), resolve); }),
    ]);
  }
  await shuttingDown;
  for (const s of SHUTDOWN_SIGNALS) process.removeListener(s, shutdownListeners[s]!);
  // Someone else handles the signal too: they decide. Otherwise, the default action (end by the signal).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const shutdownListeners: Partial<Record<NodeJS.Signals, () => void>> = {};

function installHooks(r: Registry): void {
  if (r.hooksInstalled) return;
  r.hooksInstalled = true;
  for (const s of SHUTDOWN_SIGNALS) {
    shutdownListeners[s] = () => { void onShutdownSignal(s); };
    process.on(s, shutdownListeners[s]!);
  }
  // beforeExit fires when the event loop drains (a host that ends on its own); logout needs async I/O.
  process.on("beforeExit", () => {
    if (registry().clients.size > 0) void closeAllClients();
  });
}
