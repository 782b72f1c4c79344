/**
 * RecSyncSession: the ONE definition of its shapes. Args (program inputs), checked Inputs with their
 * defaults, Outputs (the state) and the reading of stored state, older shapes included, all come from
 * here; the TypeScript types are derived from the zod schemas.
 *
 * Defaults that depend on another field (splitMode exists for Synchronous only) are NOT stored in inputs:
 * the plan applies them (desiredOf in outputs.ts), so an input set carried over by the engine (for example
 * under ignoreChanges) never holds a default that contradicts a later transferMode.
 */
import { z } from "zod";
import { normalizeEnum, RecoveryMode, SplitMode, THROUGH_MODE, TransferMode } from "../../api/dialect";
import { arrayNameRule, booleanRule, enumRule, integerRule, positiveNumberRule } from "../common/field-rules";
import { selectorRule } from "../common/volume-selector";
import { bookkeepingShape, resourceKeys } from "../common/bookkeeping";
import type { InputsOf, OutputsOf } from "../common/shapes";

export const TRANSFER_MODES = [TransferMode.Synchronous, TransferMode.Consistency, TransferMode.Stack] as const;
export const SPLIT_MODES = [SplitMode.Automatic, SplitMode.Manual] as const;
export const RECOVERY_MODES = [RecoveryMode.Automatic, RecoveryMode.Manual] as const;
export const DIRECTIONS = ["Forward", "Reverse"] as const;
export type TransferModeName = (typeof TRANSFER_MODES)[number];
export type Direction = (typeof DIRECTIONS)[number];

/** Defaults of the optional inputs, filled by check() and stored. */
export const SESSION_DEFAULTS = {
  transferMode: TransferMode.Synchronous as TransferModeName,
  recoveryMode: RecoveryMode.Automatic as (typeof RECOVERY_MODES)[number],
  suspended: false,
  direction: "Forward" as Direction,
  waitForEquivalent: true,
  timeoutSeconds: 3600,
  adopt: false,
  failover: false,
  acceptIncompleteMirror: false,
} as const;

/** The conditional default: applied where the plan is made, for Synchronous only. */
export const SYNCHRONOUS_SPLIT_MODE_DEFAULT = SplitMode.Automatic;

/** Changing one of these replaces the session (delete first, then create). */
export const REPLACE_FIELDS = ["sourceArray", "sourceVolumeId", "destinationArray", "destinationVolumeId"] as const;

/** Keys of the business volume's selector (common/volume-selector.ts). */
export const SOURCE_VOLUME_KEYS = { id: "sourceVolumeId", name: "sourceVolumeName", number: "sourceVolumeNumber", from: "sourceVolumeIdFrom" } as const;

/** Through mode exists on the array but the REST API cannot set it. */
function throughRefused(v: string): string | undefined {
  return normalizeEnum(v) === normalizeEnum(THROUGH_MODE)
    ? `"${v}" cannot be set: the REST API (PATCH /copysession) accepts only ${TRANSFER_MODES.join(", ")}; Through mode is not supported`
    : undefined;
}

/** What the program declares. */
const declared = z.object({
  /** Array of the business volume (stack config name). Changing it = replacement. */
  sourceArray: arrayNameRule(),
  /**
   * The business volume on sourceArray: exactly one of sourceVolumeId (the REST volume_id, e.g. 100001),
   * sourceVolumeName, or sourceVolumeNumber (the number the Web GUI/CLI shows, e.g. 1). A name or number is
   * resolved to the volume_id at preview/up and the id is kept while the declaration is unchanged, so a
   * rename on the array does not move the session. Another volume_id = replacement.
   */
  sourceVolumeId: selectorRule.id(),
  /** The business volume by its name on sourceArray (instead of sourceVolumeId). */
  sourceVolumeName: selectorRule.name(),
  /** The business volume by the volume number the Web GUI/CLI shows (instead of sourceVolumeId). */
  sourceVolumeNumber: selectorRule.number(),
  /** Remote array (stack config name). Changing it = replacement. */
  destinationArray: arrayNameRule(),
  /** REST volume_id of the mirror volume, same size as the source. Changing it = replacement. */
  destinationVolumeId: integerRule("the REST volume_id of the mirror volume on destinationArray"),
  /** Default Synchronous. A change is done in place: suspend -> PATCH -> resume -> wait. */
  transferMode: enumRule(TRANSFER_MODES, throughRefused).optional(),
  /** Synchronous only; default Automatic (applied when the mode is Synchronous). */
  splitMode: enumRule(SPLIT_MODES).optional(),
  /** Default Automatic. */
  recoveryMode: enumRule(RECOVERY_MODES).optional(),
  /** Desired state: true = suspended (both volumes usable independently). Default false. */
  suspended: booleanRule().optional(),
  /** Forward (default) or Reverse = restore from the mirror (suspend -> reverse -> resume -> wait). */
  direction: enumRule(DIRECTIONS).optional(),
  /** Wait for the Equivalent phase after create/resume. Default true. */
  waitForEquivalent: booleanRule().optional(),
  /** Bound of every create/update/delete, in seconds. Default 3600. */
  timeoutSeconds: positiveNumberRule("seconds").optional(),
  /** Take over an existing session for this pair even if it differs from the declaration. Default false. */
  adopt: booleanRule().optional(),
  /**
   * Disaster recovery: true = the business now runs on the mirror volume. The session is suspended so the
   * mirror is writable (forced, through the destination array, when the source array is unreachable).
   * Back to false = failback: the changes made on the mirror are copied home (reverse, delta only), then
   * the session runs Forward again. Default false. See docs/disaster-recovery.md.
   */
  failover: booleanRule().optional(),
  /**
   * Allow a failover while the mirror is incomplete (initial or delta copy still running, or an
   * asynchronous mode behind): the mirror then lacks writes the business volume had. Default false.
   */
  acceptIncompleteMirror: booleanRule().optional(),
});



const d = declared.shape;

/** Checked inputs, defaults filled: what create/update receive. */
export const inputsSchema = declared.extend(bookkeepingShape).extend({
  /** Resolved at check time when the volume is declared by name or number. */
  sourceVolumeId: integerRule("the REST volume_id of the business volume"),
  /** Set by the provider: the declared key sourceVolumeId was resolved from. */
  sourceVolumeIdFrom: selectorRule.from(SOURCE_VOLUME_KEYS),
  transferMode: d.transferMode.default(SESSION_DEFAULTS.transferMode),
  recoveryMode: d.recoveryMode.default(SESSION_DEFAULTS.recoveryMode),
  suspended: d.suspended.default(SESSION_DEFAULTS.suspended),
  direction: d.direction.default(SESSION_DEFAULTS.direction),
  waitForEquivalent: d.waitForEquivalent.default(SESSION_DEFAULTS.waitForEquivalent),
  timeoutSeconds: d.timeoutSeconds.default(SESSION_DEFAULTS.timeoutSeconds),
  adopt: d.adopt.default(SESSION_DEFAULTS.adopt),
  failover: d.failover.default(SESSION_DEFAULTS.failover),
  acceptIncompleteMirror: d.acceptIncompleteMirror.default(SESSION_DEFAULTS.acceptIncompleteMirror),
});

/** What check() holds the declaration to: the inputs before a volume name or number is resolved to its id. */
export const checkedSchema = inputsSchema.extend({ sourceVolumeId: d.sourceVolumeId });

/**
 * Outputs (the state; also what diff/update/read/delete receive as olds/props). Mode fields are the values
 * READ FROM THE ARRAY, as strings (an array may spell them differently), so diff sees drift.
 */
export const outputsSchema = inputsSchema.extend({
  transferMode: z.string(),
  splitMode: z.string().optional(),
  recoveryMode: z.string(),
  /** Observed: status Suspend. */
  suspended: z.boolean(),
  /** Observed: Reverse when the session copies destination -> source. */
  direction: z.enum(DIRECTIONS),
  /** Session id on the source array. Ids are reused by the array after deletion. */
  copySessionId: z.number().int(),
  /** Session id of the same session on the destination array. */
  remoteCopySessionId: z.number().int().optional(),
  sourceBoxId: z.string(),
  destinationBoxId: z.string(),
  phase: z.string(),
  status: z.string(),
  progress: z.number().optional(),
  errorCode: z.string().optional(),
  /** Which array the last read went through: the destination when the source array was unreachable. */
  observedThrough: z.enum(["source", "destination"]).optional(),
  /**
   * Which array created the session, so takes its operations (docs/unverified-points.md row 18): the source
   * array (default), or the destination array after a failback onto a source array that came back empty
   * (rebuild.ts). Reads still go through the source array.
   */
  createdOn: z.enum(["source", "destination"]).optional(),
  /**
   * Set by refresh while failed over when the source array answers with another box id than sourceBoxId
   * (it came back empty): the box id it has now. failover: false then re-creates the session from the
   * mirror (rebuild.ts).
   */
  replacedSourceBoxId: z.string().optional(),
});

export type RecSyncSessionInputs = z.output<typeof inputsSchema>;
export type RecSyncSessionOutputs = z.output<typeof outputsSchema>;
/** Inputs of RecSyncSession (each may be a Pulumi Input). */
export type RecSyncSessionArgs = InputsOf<z.input<typeof declared>>;
/** The Resource class's output properties. */
export type RecSyncSessionOutputProperties = OutputsOf<RecSyncSessionOutputs>;

export const KEYS = resourceKeys(declared, outputsSchema);

/**
 * Stored state -> Outputs. Older shapes migrate here: 0.1.0 wrote the same fields; states written before
 * `status`/`phase` existed derive them from `suspended`; missing optional inputs get their defaults.
 * Throws a ZodError naming the field when the state cannot be a RecSyncSession.
 */
export function parseStoredOutputs(raw: Record<string, unknown>): RecSyncSessionOutputs {
  const migrated = {
    ...raw,
    transferMode: raw.transferMode ?? SESSION_DEFAULTS.transferMode,
    recoveryMode: raw.recoveryMode ?? SESSION_DEFAULTS.recoveryMode,
    direction: raw.direction === "Reverse" ? "Reverse" : "Forward",
    suspended: raw.suspended === true,
    status: raw.status ?? (raw.suspended === true ? "Suspend" : "Active"),
    phase: raw.phase ?? "",
    timeoutSeconds: typeof raw.timeoutSeconds === "number" && raw.timeoutSeconds > 0 ? raw.timeoutSeconds : SESSION_DEFAULTS.timeoutSeconds,
    failover: raw.failover === true,
    acceptIncompleteMirror: raw.acceptIncompleteMirror === true,
  };
  return outputsSchema.parse(migrated);
}

/** The declared inputs alone (the plugin schema, provider/plugin/schema.ts). */
export const declaredSchema = declared;
