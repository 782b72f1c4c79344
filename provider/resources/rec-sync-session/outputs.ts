/**
 * RecSyncSession: from a session as the array shows it to what the plan and the state need: the observed
 * state, the desired state (with the conditional split-mode default), the outputs and the inputs a
 * refresh implies.
 */
import { enumEquals } from "../../api/dialect";
import type { CopySession } from "../../client/types";
import { BOOKKEEPING_KEYS } from "../common/bookkeeping";
import { jsonPlain } from "../common/unknown";
import { classifyStatus, type DesiredSession, type ObservedSession } from "./plan";
import {
  KEYS, SYNCHRONOUS_SPLIT_MODE_DEFAULT, type Direction, type RecSyncSessionInputs, type RecSyncSessionOutputs,
} from "./schema";

export function sessionLabel(n: { resourceName?: unknown; sourceArray?: unknown; sourceVolumeId?: unknown; destinationArray?: unknown; destinationVolumeId?: unknown }): string {
  if (typeof n.resourceName === "string" && n.resourceName) return n.resourceName;
  return `${String(n.sourceArray)}:${String(n.sourceVolumeId)}->${String(n.destinationArray)}:${String(n.destinationVolumeId)}`;
}

export function directionOf(s: CopySession): Direction {
  return s.is_local_source_volume === false ? "Reverse" : "Forward";
}

export function observe(s: CopySession, fallback: { transferMode: string; recoveryMode: string }): ObservedSession {
  return {
    status: s.status ?? "",
    phase: s.phase ?? "",
    transferMode: s.transfer_mode ?? fallback.transferMode,
    splitMode: s.split_mode,
    recoveryMode: s.recovery_mode ?? fallback.recoveryMode,
    direction: directionOf(s),
    progress: typeof s.progress === "number" ? s.progress : undefined,
    errorCode: s.error_code,
  };
}

/** The observed state as recorded in outputs (diff works from old outputs only). */
export function observedFromOutputs(o: RecSyncSessionOutputs): ObservedSession {
  return {
    status: o.status, phase: o.phase, transferMode: o.transferMode, splitMode: o.splitMode,
    recoveryMode: o.recoveryMode, direction: o.direction, progress: o.progress, errorCode: o.errorCode,
  };
}

/** The declared state; split mode exists for Synchronous only, with its default applied here. */
export function desiredOf(n: RecSyncSessionInputs): DesiredSession {
  return {
    transferMode: n.transferMode,
    splitMode: n.transferMode === "Synchronous" ? n.splitMode ?? SYNCHRONOUS_SPLIT_MODE_DEFAULT : undefined,
    recoveryMode: n.recoveryMode,
    suspended: n.suspended,
    direction: n.direction,
    waitForEquivalent: n.waitForEquivalent,
    failover: n.failover,
    acceptIncompleteMirror: n.acceptIncompleteMirror,
  };
}

/** Outputs from the declared inputs and a fresh view of the session on the source array. */
export function outputsOf(n: RecSyncSessionInputs | RecSyncSessionOutputs, s: CopySession, boxes: { sourceBoxId: string; destinationBoxId: string }): RecSyncSessionOutputs {
  const obs = observe(s, n);
  return jsonPlain({
    ...n,
    transferMode: obs.transferMode,
    // Asynchronous modes: the array reports Manual, which means nothing there (split mode is synchronous only).
    splitMode: enumEquals(obs.transferMode, "Synchronous") ? obs.splitMode : undefined,
    recoveryMode: obs.recoveryMode,
    suspended: classifyStatus(obs.status) === "suspended",
    direction: obs.direction,
    copySessionId: s.copysession_id,
    remoteCopySessionId: typeof s.remote_copysession_id === "number" ? s.remote_copysession_id : undefined,
    sourceBoxId: boxes.sourceBoxId,
    destinationBoxId: boxes.destinationBoxId,
    phase: obs.phase,
    status: obs.status,
    progress: obs.progress,
    errorCode: obs.errorCode,
    observedThrough: "source" as const,
  });
}

/**
 * The inputs a refreshed state implies (read returns them so later diffs and refresh output are right).
 * The observed split mode goes in only where it says something the default does not (a Synchronous
 * session with another split mode): refresh must not declare a value the user did not, which the engine
 * would then carry into later checks (ignoreChanges) against another transfer mode.
 */
export function inputsFromOutputs(o: RecSyncSessionOutputs): Record<string, unknown> {
  const keys = [...KEYS.declared, ...BOOKKEEPING_KEYS, "sourceVolumeIdFrom"] as const;
  const inputs: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, o[k]]));
  if (!enumEquals(o.transferMode, "Synchronous") || enumEquals(o.splitMode, SYNCHRONOUS_SPLIT_MODE_DEFAULT)) delete inputs.splitMode;
  return jsonPlain(inputs);
}
