/**
 * Progress and warning lines. In the dynamic-provider plugin `pulumi.log` has no engine connection; the
 * engine forwards the plugin's stderr as diagnostics NOT attributed to a resource, so every line carries
 * `[eternus] <Type> <name>:` (docs/dynamic-provider-rules.md, rule 10). stdout is never used: the plugin
 * host prints its port there.
 *
 * Never pass credentials or request bodies to these functions.
 */

export type ResourceKind = "RemoteVolume" | "RecSyncSession";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** A logger whose lines start with `[eternus] <kind> <label>:`, written to `sink` (the runtime's log). */
export function logger(kind: ResourceKind, label: string, sink: (line: string) => void): Logger {
  const prefix = `[eternus] ${kind} ${label}:`;
  return {
    info: (message) => sink(`${prefix} ${message}`),
    warn: (message) => sink(`${prefix} WARNING: ${message}`),
  };
}
