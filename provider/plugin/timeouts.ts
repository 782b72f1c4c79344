/**
 * `customTimeouts` as deadlines. A RecSyncSession bounds every create/update/delete by its
 * `timeoutSeconds` input (one deadline inside the resource code, which records the partial state when it
 * passes): the engine's timeout for the operation, when shorter, takes its place for that call only, and
 * the state keeps the declared value (so the next diff sees no change). A RemoteVolume's operations have a
 * fixed bound (remote-volume/schema.ts VOLUME_OPERATION_TIMEOUT_SECONDS) and no per-call input, so a
 * customTimeout does not shorten them.
 */
import type { StoredResourceKind } from "../entry";
import type { Props } from "../resources/common/unknown";

export const TIMEOUT_INPUT = "timeoutSeconds";

/** Whether `kind` takes the engine's operation timeout. */
export function honoursCustomTimeouts(kind: StoredResourceKind): boolean {
  return kind === "RecSyncSession";
}

/** The inputs for one call: timeoutSeconds cut to the engine's timeout (seconds; 0 = none given). */
export function boundedInputs(kind: StoredResourceKind, inputs: Props, engineTimeoutSeconds: number): Props {
  if (!honoursCustomTimeouts(kind) || !(engineTimeoutSeconds > 0)) return inputs;
  const declared = inputs[TIMEOUT_INPUT];
  const bound = typeof declared === "number" && declared > 0 ? Math.min(declared, engineTimeoutSeconds) : engineTimeoutSeconds;
  return { ...inputs, [TIMEOUT_INPUT]: bound };
}

/** Outputs with the declared timeoutSeconds put back (the call's bound is not state). */
export function declaredTimeout(kind: StoredResourceKind, outs: Props, declaredInputs: Props): Props {
  if (!honoursCustomTimeouts(kind) || !(TIMEOUT_INPUT in outs)) return outs;
  return declaredInputs[TIMEOUT_INPUT] === undefined ? outs : { ...outs, [TIMEOUT_INPUT]: declaredInputs[TIMEOUT_INPUT] };
}
