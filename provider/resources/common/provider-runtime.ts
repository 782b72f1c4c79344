/**
 * The runtime of one provider object: clock, sleeps, log sink, wait policy and the REST client factory.
 * Real by default; a test gives its provider object a manual clock (and clients on that clock) with
 * setProviderRuntime, so waits take no wall time and nothing global is changed or left behind.
 * Kept in a WeakMap like the configuration (provider/config.ts): never an own field of the serialized shell.
 */
import { defaultRuntime, type Runtime } from "../../client/runtime";
import type { ArrayConnection, EternusClient } from "../../client/types";
import { defaultIntentDir } from "./create-intents";

export interface WaitPolicy {
  /** First poll interval; grows by 1.5x up to maxIntervalMs. */
  firstIntervalMs: number;
  maxIntervalMs: number;
  /** A progress line at least this often during long waits. */
  progressEveryMs: number;
  /** How long delete waits for the peer view on the remote array to go before calling it a leftover. */
  peerGoneGraceMs: number;
  /**
   * Bound of the FIRST call to an array on destructive paths: an unreachable array (the client retries
   * connection errors) is declared unreachable after this, not after the resource's whole timeout.
   */
  reachabilityProbeMs: number;
}

export const DEFAULT_WAIT_POLICY: Readonly<WaitPolicy> = Object.freeze({
  firstIntervalMs: 200,
  maxIntervalMs: 2000,
  progressEveryMs: 30_000,
  peerGoneGraceMs: 10_000,
  reachabilityProbeMs: 15_000,
});

export type ClientFactory = (conn: ArrayConnection) => EternusClient;

export interface ProviderRuntime {
  rt: Runtime;
  policy: WaitPolicy;
  clientFactory: ClientFactory;
  /** Where create intents live (common/create-intents.ts). */
  intentDir: string;
}

export interface ProviderRuntimeOverrides {
  rt?: Partial<Runtime>;
  policy?: Partial<WaitPolicy>;
  clientFactory?: ClientFactory;
  intentDir?: string;
}

const overrides = new WeakMap<object, ProviderRuntimeOverrides>();

/** Tests: give `provider` its own clock, policy or clients (undefined restores the defaults). */
export function setProviderRuntime(provider: object, o: ProviderRuntimeOverrides | undefined): void {
  if (o) overrides.set(provider, o);
  else overrides.delete(provider);
}

function realClientFactory(): ClientFactory {
  // Loaded lazily: the REST client pulls in undici, which check() does not need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../client") as typeof import("../../client")).getEternusClient;
}

export function runtimeOf(provider: unknown): ProviderRuntime {
  const o = (provider && typeof provider === "object" ? overrides.get(provider) : undefined) ?? {};
  return {
    rt: defaultRuntime(o.rt),
    policy: { ...DEFAULT_WAIT_POLICY, ...o.policy },
    clientFactory: o.clientFactory ?? realClientFactory(),
    intentDir: o.intentDir ?? defaultIntentDir(),
  };
}
