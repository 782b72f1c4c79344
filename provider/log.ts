/**
 * Progress and warning lines. In the dynamic-provider plugin `pulumi.log` has no engine connection; the
 * engine forwards the plugin's stderr as diagnostics NOT attributed to a resource, so every line carries
 * `[eternus] <Type> <name>:` (shared/docs/pulumi-dynamic-providers.md rule 10). stdout is never used: the
 * plugin host prints its port there.
 *
 * Never pass credentials or request bodies to these functions.
 */

export type ResourceKind = "RemoteVolume" | "RecSyncSession";

/** Where lines go; tests replace it to capture output. */
let sink: (line: string) => void = (line) => console.error(line);

export function setLogSink(next: ((line: string) => void) | undefined): void {
  sink = next ?? ((line) => console.error(line));
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** A logger whose lines start with `[eternus] <kind> <label>:`. */
export function logger(kind: ResourceKind, label: string): Logger {
  const prefix = `[eternus] ${kind} ${label}:`;
  return {
    info: (message) => sink(`${prefix} ${message}`),
    warn: (message) => sink(`${prefix} WARNING: ${message}`),
  };
}
