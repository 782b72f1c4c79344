/**
 * Progress and warning lines of a resource. With the resource's URN and an engine connection
 * (engine-log.ts) they go to the engine attached to the resource: warnings and procedure lines as
 * diagnostics, progress as the ephemeral status of the resource's row. Otherwise they go to `sink`
 * (stderr in the plugin, which the engine shows unattributed), prefixed `[eternus] <Type> <name>:`
 * (docs/dynamic-provider-rules.md, docs/dynamic-provider-rules.md#rule-10-progress-on-stderr). stdout is never used: the plugin host prints its port there.
 *
 * Never pass credentials or request bodies to these functions.
 */
import { engineLog, track } from "./engine-log";
import type { ResourceKind } from "./resources/registry";

export type { ResourceKind };

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /**
   * A passing status: `status` (short: the row's Info column is narrow) as the ephemeral text of the
   * resource's row, `message` as a plain line (non-interactive logs keep their progress).
   */
  progress(message: string, status?: string): void;
}

export interface LoggerTarget {
  kind: ResourceKind;
  label: string;
  sink: (line: string) => void;
  /** The resource's URN, when the program sent it (resourceUrn input). */
  urn?: string;
  /** false = always the sink (tests). */
  useEngine?: boolean;
}

export function logger(t: LoggerTarget): Logger {
  const prefix = `[eternus] ${t.kind} ${t.label}:`;
  const plain = (message: string, warning: boolean) => t.sink(`${prefix} ${warning ? "WARNING: " : ""}${message}`);
  const engine = t.urn && t.useEngine !== false ? engineLog() : undefined;
  const send = (message: string, warning: boolean, ephemeral: boolean) => {
    if (!engine || !t.urn) return plain(message, warning);
    track(engine.log(warning ? "warning" : "info", message, t.urn, ephemeral, () => plain(message, warning)));
  };
  return {
    info: (message) => send(message, false, false),
    warn: (message) => send(message, true, false),
    // The row's status (interactive) and a plain line (non-interactive logs keep their progress).
    progress: (message, status) => {
      if (engine && t.urn) send(status ?? message, false, true);
      send(message, false, false);
    },
  };
}
