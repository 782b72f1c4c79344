/**
 * The trace for support (docs/real-array.md#6-the-trace): opt-in with the stack config key `eternus:trace`
 * (a file path) or ETERNUS_TRACE; every exchange of the provider's REST clients is appended, redacted, to
 * that file (transcript.ts, the probe's writer). Config wins over the variable.
 *
 * The configured path and the configured secrets live on globalThis (the serialized provider may load this
 * module twice, like the client registry); configure() of the plugin process sets them.
 */
import { TranscriptWriter } from "./transcript";
import type { ExchangeEvent } from "../client/eternus-client";

export const TRACE_CONFIG_KEY = "eternus:trace";
export const TRACE_ENV = "ETERNUS_TRACE";

interface TraceState {
  configuredPath?: string;
  secrets: Set<string>;
  writers: Map<string, TranscriptWriter>;
}
const KEY = Symbol.for("pulumi-eternus-rec.trace");

function state(): TraceState {
  const g = globalThis as unknown as Record<symbol, TraceState | undefined>;
  return (g[KEY] ??= { secrets: new Set(), writers: new Map() });
}

/** configure(): the `eternus:trace` path (undefined: off unless ETERNUS_TRACE) and every configured secret. */
export function configureTrace(configuredPath: string | undefined, secrets: readonly (string | undefined)[]): void {
  const s = state();
  s.configuredPath = configuredPath || undefined;
  for (const x of secrets) if (x) s.secrets.add(x);
}

/** Passwords given through the environment (ETERNUS_<NAME>_PASSWORD) are secrets too. */
function envSecrets(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env).filter(([k, v]) => /^ETERNUS_.+_PASSWORD$/.test(k) && v).map(([, v]) => v!);
}

/** The hook a REST client gets (client-registry), or undefined when the trace is off. */
export function traceHook(env: NodeJS.ProcessEnv = process.env): ((e: ExchangeEvent) => void) | undefined {
  const s = state();
  const file = s.configuredPath ?? (env[TRACE_ENV] || undefined);
  if (!file) return undefined;
  let writer = s.writers.get(file);
  if (!writer) {
    writer = new TranscriptWriter(file, () => [...s.secrets, ...envSecrets(env)]);
    s.writers.set(file, writer);
  }
  return writer.exchange;
}
