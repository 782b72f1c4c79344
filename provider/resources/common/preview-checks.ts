/**
 * Opt-in preview-time checks (stack config `eternus:previewChecks: true`): check() logs in to every array a
 * resource names and runs read-only pre-flight checks, so a wrong password, an unreadable CA file, a size
 * mismatch or a full session list fails `pulumi preview`, before anything is created. Off by default: a
 * preview then makes no array calls except the lookup of a volume declared by name or number.
 */
import { PREVIEW_CHECKS_CONFIG_KEY, type ProviderConfig } from "../../config";
import type { Volume } from "../../client/types";
import type { CheckFailure } from "./checker";
import type { Operation } from "./operation";
import { askArray } from "./unanswered-arrays";
import { errorMessage } from "./unknown";

/** Bounds every preview-time call: a preview must not hang on a silent array. */
export const PREVIEW_CHECK_TIMEOUT_SECONDS = 30;

/** "on", "off", or a failure for a value that is neither true nor false (reported on `property`). */
export function previewChecksMode(cfg: ProviderConfig, property: string): "on" | "off" | CheckFailure {
  if (cfg.previewChecks === "invalid") {
    return { property, reason: `${PREVIEW_CHECKS_CONFIG_KEY} must be true or false (pulumi config set ${PREVIEW_CHECKS_CONFIG_KEY} true)` };
  }
  return cfg.previewChecks === true ? "on" : "off";
}

/** Log in to each array (one read of GET /storagesystem); a failure per array that cannot be used. */
export async function loginChecks(op: Operation, arrays: { property: string; array: string }[]): Promise<CheckFailure[]> {
  const out: CheckFailure[] = [];
  for (const { property, array } of arrays) {
    try {
      await askArray(op, array, op.deadline(PREVIEW_CHECK_TIMEOUT_SECONDS), (signal) => op.client(array).getStorageSystem({ signal }));
    } catch (e) {
      const m = errorMessage(e);
      out.push({ property, reason: `${PREVIEW_CHECKS_CONFIG_KEY}: ${m.includes(`array "${array}"`) ? "" : `array "${array}": `}${m}` });
    }
  }
  return out;
}

/** A volume by id, or a failure naming the field when it does not exist or cannot be read. */
export async function volumeCheck(op: Operation, property: string, array: string, volumeId: number): Promise<Volume | CheckFailure> {
  try {
    const v = await askArray(op, array, op.deadline(PREVIEW_CHECK_TIMEOUT_SECONDS), (signal) => op.client(array).getVolume(volumeId, { signal }));
    return v ?? { property, reason: `${PREVIEW_CHECKS_CONFIG_KEY}: ${property} ${volumeId}: no volume with this volume_id on array "${array}"` };
  } catch (e) {
    return { property, reason: `${PREVIEW_CHECKS_CONFIG_KEY}: ${property} ${volumeId} on array "${array}": ${errorMessage(e)}` };
  }
}

export function isFailure(x: unknown): x is CheckFailure {
  return typeof x === "object" && x !== null && "reason" in x && "property" in x;
}

/**
 * Sessions this run plans to create, per business volume, in this plugin process (one per deployment).
 * A resource checked with previous inputs exists already (its session is on the array), so its second,
 * empty-olds check of a replacement is not a new session.
 */
const planned = new Map<string, Set<string>>();
const existing = new Set<string>();

/**
 * Records `resource`'s planned session on `key`; returns how many other new sessions were planned BEFORE it
 * (in the order of their first check, so checking a resource again gives the same answer).
 */
export function recordPlannedSession(key: string, resource: string, hasOlds: boolean): number {
  if (hasOlds) existing.add(resource);
  let set = planned.get(key);
  if (!set) planned.set(key, (set = new Set()));
  if (existing.has(resource)) {
    set.delete(resource);
    return 0;
  }
  set.add(resource);
  return [...set].indexOf(resource);
}

/** Test hook: forget the plans (a new deployment). */
export function resetPlannedSessions(): void {
  planned.clear();
  existing.clear();
}
