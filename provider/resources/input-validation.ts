/**
 * check(): validate and normalise inputs, fill defaults. Every failure names the field and the rule.
 * Runs during `pulumi preview`; a value not yet known arrives as the UNKNOWN sentinel string whatever its
 * declared type and is accepted (rule 6). Cross-field rules are skipped when a field they need is unknown.
 *
 * Array names are validated here against stack config and the ETERNUS_<NAME>_* environment: the plugin
 * host awaits the provider's configure() before the first check (getProvider in
 * @pulumi/pulumi/cmd/dynamic-provider/index.js), and the engine sends Configure before Check.
 */
import {
  THROUGH_MODE, TransferMode, SplitMode, RecoveryMode, normalizeEnum, volumeNameProblem,
  VOLUME_CAPACITY_MAX_MB,
} from "../api/dialect";
import { arrayProblem, type ProviderConfig } from "../config";

/** The preview "unknown" sentinel (sdk/nodejs/runtime/rpc.ts unknownValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export const DIRECTIONS = ["Forward", "Reverse"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Checked RemoteVolume inputs. Any field may hold UNKNOWN during preview. */
export interface RemoteVolumeInputs {
  array: string;
  name: string;
  capacityMb?: number;
  sizeFrom?: { array: string; volumeId: number };
  tppId?: number;
  raidGroupId?: number;
  adopt: boolean;
  providerVersion?: string;
  resourceName?: string;
}

/** Checked RecSyncSession inputs, defaults filled. Any field may hold UNKNOWN during preview. */
export interface RecSyncSessionInputs {
  sourceArray: string;
  sourceVolumeId: number;
  destinationArray: string;
  destinationVolumeId: number;
  transferMode: string;
  splitMode?: string;
  recoveryMode: string;
  suspended: boolean;
  direction: Direction;
  waitForEquivalent: boolean;
  timeoutSeconds: number;
  adopt: boolean;
  providerVersion?: string;
  resourceName?: string;
}

export const SESSION_DEFAULTS = {
  transferMode: TransferMode.Synchronous,
  splitMode: SplitMode.Automatic,
  recoveryMode: RecoveryMode.Automatic,
  suspended: false,
  direction: "Forward" as Direction,
  waitForEquivalent: true,
  timeoutSeconds: 3600,
  adopt: false,
} as const;

/** Remove __provider and undefined values; never mutates the argument. */
export function stripProvider(props: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!props || typeof props !== "object") return out;
  for (const [k, v] of Object.entries(props as Record<string, unknown>)) {
    if (k === "__provider" || v === undefined) continue;
    out[k] = v;
  }
  return out;
}

class Checker {
  readonly failures: CheckFailure[] = [];
  constructor(private readonly cfg: ProviderConfig) {}

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  present(v: unknown): boolean {
    return v !== undefined && v !== null;
  }

  array(property: string, v: unknown, required = true): void {
    if (isUnknown(v)) return;
    if (!this.present(v) || v === "") {
      if (required) this.fail(property, `${property} is required: the name of an array configured under eternus:arrays`);
      return;
    }
    if (typeof v !== "string") return this.fail(property, `${property} must be a string (an array name), got ${typeof v}`);
    const problem = arrayProblem(this.cfg, v);
    if (problem) this.fail(property, `${property}: ${problem}${this.cfg.error ? ` (config problem: ${this.cfg.error})` : ""}`);
  }

  integer(property: string, v: unknown, opts: { min: number; required?: boolean; what: string }): void {
    if (isUnknown(v)) return;
    if (!this.present(v)) {
      if (opts.required) this.fail(property, `${property} is required (${opts.what})`);
      return;
    }
    if (typeof v !== "number" || !Number.isInteger(v)) {
      return this.fail(property, `${property} must be an integer (${opts.what}), got ${JSON.stringify(v)}`);
    }
    if (v < opts.min) this.fail(property, `${property} must be ${opts.min === 0 ? "zero or positive" : `at least ${opts.min}`} (${opts.what}), got ${v}`);
  }

  boolean(property: string, v: unknown): void {
    if (isUnknown(v) || !this.present(v)) return;
    if (typeof v !== "boolean") this.fail(property, `${property} must be true or false, got ${JSON.stringify(v)}`);
  }

  /** Exact spelling from `allowed`; a case/underscore variant gets a "did you mean". */
  enumeration(property: string, v: unknown, allowed: readonly string[], extra?: (v: string) => string | undefined): void {
    if (isUnknown(v) || !this.present(v)) return;
    if (typeof v !== "string") return this.fail(property, `${property} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    const special = extra?.(v);
    if (special) return this.fail(property, special);
    if (allowed.includes(v)) return;
    const near = allowed.find((a) => normalizeEnum(a) === normalizeEnum(v));
    this.fail(property, near
      ? `${property} "${v}" is misspelled: write "${near}" (allowed: ${allowed.join(", ")})`
      : `${property} must be one of ${allowed.join(", ")}, got "${v}"`);
  }
}

function bool(v: unknown, dflt: boolean): boolean {
  return v === undefined || v === null ? dflt : (v as boolean);
}

/** RemoteVolume check: see the issue's bad-input list. */
export function checkRemoteVolume(cfg: ProviderConfig, newsRaw: unknown): { inputs: RemoteVolumeInputs; failures: CheckFailure[] } {
  const news = stripProvider(newsRaw);
  const c = new Checker(cfg);
  c.array("array", news.array);

  if (!isUnknown(news.name)) {
    const problem = volumeNameProblem(news.name);
    if (problem) c.fail("name", `name ${problem} (ETERNUS volume names: 1-32 printable ASCII characters, no "," or "?", not starting with $VVOL_META, $DATA_CNTNR or $SYSVOL)`);
  }

  const hasCap = news.capacityMb !== undefined && news.capacityMb !== null;
  const hasSize = news.sizeFrom !== undefined && news.sizeFrom !== null;
  if (hasCap && hasSize) c.fail("capacityMb", "set either capacityMb or sizeFrom, not both");
  else if (!hasCap && !hasSize) c.fail("capacityMb", "one of capacityMb (MB) or sizeFrom ({array, volumeId} of the business volume) is required");
  if (hasCap && !isUnknown(news.capacityMb)) {
    const v = news.capacityMb;
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      c.fail("capacityMb", `capacityMb must be a positive integer number of MB, got ${JSON.stringify(v)}`);
    } else if (v > VOLUME_CAPACITY_MAX_MB) {
      c.fail("capacityMb", `capacityMb must be at most ${VOLUME_CAPACITY_MAX_MB} MB, got ${v}`);
    }
  }
  if (hasSize && !isUnknown(news.sizeFrom)) {
    const s = news.sizeFrom;
    if (typeof s !== "object" || Array.isArray(s)) {
      c.fail("sizeFrom", "sizeFrom must be an object {array, volumeId}");
    } else {
      const so = s as Record<string, unknown>;
      c.array("sizeFrom.array", so.array);
      c.integer("sizeFrom.volumeId", so.volumeId, { min: 0, required: true, what: "the REST volume_id of the business volume" });
    }
  }

  const hasTpp = news.tppId !== undefined && news.tppId !== null;
  const hasRg = news.raidGroupId !== undefined && news.raidGroupId !== null;
  if (hasTpp && hasRg) c.fail("tppId", "set exactly one of tppId (thin pool, creates a TPV) or raidGroupId (RAID group, creates a Standard volume), not both");
  else if (!hasTpp && !hasRg) c.fail("tppId", "one of tppId (thin pool, creates a TPV) or raidGroupId (RAID group, creates a Standard volume) is required");
  c.integer("tppId", news.tppId, { min: 0, what: "thin provisioning pool id" });
  c.integer("raidGroupId", news.raidGroupId, { min: 0, what: "RAID group id" });
  c.boolean("adopt", news.adopt);
  if (news.providerVersion !== undefined && !isUnknown(news.providerVersion) && typeof news.providerVersion !== "string") {
    c.fail("providerVersion", "providerVersion must be a string");
  }

  const inputs = { ...news, adopt: bool(news.adopt, false) } as unknown as RemoteVolumeInputs;
  return { inputs, failures: c.failures };
}

const TRANSFER_MODES = [TransferMode.Synchronous, TransferMode.Consistency, TransferMode.Stack] as const;
const SPLIT_MODES = [SplitMode.Automatic, SplitMode.Manual] as const;
const RECOVERY_MODES = [RecoveryMode.Automatic, RecoveryMode.Manual] as const;

/** RecSyncSession check. `olds` (old inputs) tells a create from an update for the direction rule. */
export function checkRecSyncSession(cfg: ProviderConfig, oldsRaw: unknown, newsRaw: unknown): { inputs: RecSyncSessionInputs; failures: CheckFailure[] } {
  const news = stripProvider(newsRaw);
  const olds = stripProvider(oldsRaw);
  const c = new Checker(cfg);
  c.array("sourceArray", news.sourceArray);
  c.array("destinationArray", news.destinationArray);
  c.integer("sourceVolumeId", news.sourceVolumeId, { min: 0, required: true, what: "the REST volume_id of the business volume on sourceArray" });
  c.integer("destinationVolumeId", news.destinationVolumeId, { min: 0, required: true, what: "the REST volume_id of the mirror volume on destinationArray" });
  if (!isUnknown(news.sourceArray) && !isUnknown(news.destinationArray) && typeof news.sourceArray === "string"
    && news.sourceArray !== "" && news.sourceArray === news.destinationArray) {
    c.fail("destinationArray", `destinationArray must differ from sourceArray ("${news.sourceArray}"): REC copies to a remote array`
      + (news.sourceVolumeId === news.destinationVolumeId ? "; source and destination are the same volume" : ""));
  }

  c.enumeration("transferMode", news.transferMode, TRANSFER_MODES, (v) =>
    normalizeEnum(v) === normalizeEnum(THROUGH_MODE)
      ? `transferMode "${v}" cannot be set: the REST API (PATCH /copysession) accepts only ${TRANSFER_MODES.join(", ")}; Through mode is not supported`
      : undefined);
  c.enumeration("splitMode", news.splitMode, SPLIT_MODES);
  c.enumeration("recoveryMode", news.recoveryMode, RECOVERY_MODES);
  c.enumeration("direction", news.direction, DIRECTIONS);
  c.boolean("suspended", news.suspended);
  c.boolean("waitForEquivalent", news.waitForEquivalent);
  c.boolean("adopt", news.adopt);
  if (!isUnknown(news.timeoutSeconds) && news.timeoutSeconds !== undefined && news.timeoutSeconds !== null) {
    const t = news.timeoutSeconds;
    if (typeof t !== "number" || !Number.isFinite(t) || t <= 0) c.fail("timeoutSeconds", `timeoutSeconds must be a positive number of seconds, got ${JSON.stringify(t)}`);
  }

  const mode = news.transferMode ?? SESSION_DEFAULTS.transferMode;
  const hasSplit = news.splitMode !== undefined && news.splitMode !== null;
  if (hasSplit && !isUnknown(mode) && !isUnknown(news.splitMode) && mode !== TransferMode.Synchronous && TRANSFER_MODES.includes(mode as never)) {
    c.fail("splitMode", `splitMode applies to Synchronous mode only; remove it for transferMode ${String(mode)} (the array sets split mode to Manual for asynchronous modes)`);
  }

  // A brand-new session in Reverse would copy the (empty) mirror onto the business volume. Reverse is only
  // reached from an existing session (the restore procedure) or by adopting a reversed one.
  const isNew = olds.sourceArray === undefined && olds.sourceVolumeId === undefined;
  if (isNew && news.direction === "Reverse" && news.adopt !== true) {
    c.fail("direction", `direction Reverse cannot be used to create a session (it would copy the mirror onto the business volume); create with Forward, then change to Reverse to restore, or set adopt: true to take over a reversed session`);
  }

  const inputs: Record<string, unknown> = {
    ...news,
    transferMode: mode,
    recoveryMode: news.recoveryMode ?? SESSION_DEFAULTS.recoveryMode,
    suspended: bool(news.suspended, SESSION_DEFAULTS.suspended),
    direction: news.direction ?? SESSION_DEFAULTS.direction,
    waitForEquivalent: bool(news.waitForEquivalent, SESSION_DEFAULTS.waitForEquivalent),
    timeoutSeconds: news.timeoutSeconds ?? SESSION_DEFAULTS.timeoutSeconds,
    adopt: bool(news.adopt, SESSION_DEFAULTS.adopt),
  };
  if (!hasSplit && mode === TransferMode.Synchronous) inputs.splitMode = SESSION_DEFAULTS.splitMode;
  return { inputs: inputs as unknown as RecSyncSessionInputs, failures: c.failures };
}
