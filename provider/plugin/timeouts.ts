/**
 * `customTimeouts` as deadlines. RecSyncSession and RecSessionGroup bound every create/update/delete by
 * their `timeoutSeconds` input (one deadline inside the resource code, which records the partial state when
 * it passes): the engine's timeout for the operation, when shorter, takes its place for that call only, and
 * the state keeps the declared value (so the next diff sees no change). A RemoteVolume has no such input:
 * the engine's timeout goes in the call-only `callTimeoutSeconds` (common/bookkeeping.ts), which cuts its
 * fixed bound (remote-volume/schema.ts volumeOperationSeconds) and never reaches the state.
 */
import type { StoredResourceKind } from "../entry";
import type { Props } from "../resources/common/unknown";

export const TIMEOUT_INPUT = "timeoutSeconds";
export const CALL_TIMEOUT_INPUT = "callTimeoutSeconds";

/** The kinds whose declared timeoutSeconds the engine's timeout cuts for a call. */
const TIMEOUT_INPUT_KINDS: readonly StoredResourceKind[] = ["RecSyncSession", "RecSessionGroup"];

/** Whether `kind` bounds its operations by its timeoutSeconds input. */
export function honoursCustomTimeouts(kind: StoredResourceKind): boolean {
  return TIMEOUT_INPUT_KINDS.includes(kind);
}

/** The inputs for one call, bounded by the engine's timeout (seconds; 0 = none given). */
export function boundedInputs(kind: StoredResourceKind, inputs: Props, engineTimeoutSeconds: number): Props {
  if (!(engineTimeoutSeconds > 0)) return inputs;
  if (!honoursCustomTimeouts(kind)) return { ...inputs, [CALL_TIMEOUT_INPUT]: engineTimeoutSeconds };
  const declared = inputs[TIMEOUT_INPUT];
  const bound = typeof declared === "number" && declared > 0 ? Math.min(declared, engineTimeoutSeconds) : engineTimeoutSeconds;
  return { ...inputs, [TIMEOUT_INPUT]: bound };
}

/** Outputs with the declared timeoutSeconds put back (the call's bound is not state). */
export function declaredTimeout(kind: StoredResourceKind, outs: Props, declaredInputs: Props): Props {
  if (!honoursCustomTimeouts(kind) || !(TIMEOUT_INPUT in outs)) return outs;
  return declaredInputs[TIMEOUT_INPUT] === undefined ? outs : { ...outs, [TIMEOUT_INPUT]: declaredInputs[TIMEOUT_INPUT] };
}
