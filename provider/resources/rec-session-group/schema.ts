/**
 * RecSessionGroup: the ONE definition of its shapes. A group owns the REC sessions of one application's
 * volumes (one source array, one destination array) and suspends them at one point in time. The session
 * fields a group shares (modes, waits, failover) are RecSyncSession's own schema entries, picked, so their
 * rules and defaults have one source; the per-member shape is RecSyncSession's selector and mirror volume.
 */
import { z } from "zod";
import { bookkeepingShape, resourceKeys } from "../common/bookkeeping";
import type { InputsOf, OutputsOf } from "../common/shapes";
import {
  declaredSchema as sessionDeclared, inputsSchema as sessionInputs, outputsSchema as sessionOutputs, SESSION_DEFAULTS, SOURCE_VOLUME_KEYS,
} from "../rec-sync-session/schema";

/** The group-wide settings: each applies to every member session, as on a single RecSyncSession. */
export const SHARED_KEYS = {
  transferMode: true, splitMode: true, recoveryMode: true, suspended: true, waitForEquivalent: true,
  timeoutSeconds: true, adopt: true, failover: true, acceptIncompleteMirror: true,
} as const;
export const SHARED_SETTING_KEYS = Object.keys(SHARED_KEYS) as (keyof typeof SHARED_KEYS)[];

/** One member as declared: the business volume (by id, name or number) and its mirror volume. */
const declaredMember = sessionDeclared.pick({ sourceVolumeId: true, sourceVolumeName: true, sourceVolumeNumber: true, destinationVolumeId: true }).strict();

const declared = z.object({
  /** Array of the business volumes (stack config name). Changing it = replacement of the group. */
  sourceArray: z.string(),
  /** Remote array of the mirror volumes (stack config name). Changing it = replacement of the group. */
  destinationArray: z.string(),
  /**
   * The member sessions: each a business volume on sourceArray (sourceVolumeId, sourceVolumeName or
   * sourceVolumeNumber, as on RecSyncSession) and its mirror volume on destinationArray (destinationVolumeId).
   * A member is known by its business volume: reordering the list changes nothing; adding or removing one
   * creates or deletes that member's session only; another destinationVolumeId re-creates that session.
   */
  members: z.array(declaredMember).min(1),
}).extend(sessionDeclared.pick(SHARED_KEYS).shape);

/** A member after check: the business volume resolved to its volume_id. */
export const memberInputsSchema = sessionInputs.pick({ sourceVolumeId: true, sourceVolumeName: true, sourceVolumeNumber: true, sourceVolumeIdFrom: true, destinationVolumeId: true });

/** Checked inputs, defaults filled (RecSyncSession's defaults): what create/update receive. */
export const inputsSchema = declared.extend(bookkeepingShape).extend(sessionInputs.pick(SHARED_KEYS).shape).extend({
  members: z.array(memberInputsSchema).min(1),
});

/** The last group suspend: one request per array, and whether every member was suspended by it. */
export const cutSchema = z.object({
  /** When the array accepted the multi-suspend (the provider's clock, ms since the epoch). */
  at: z.number(),
  /** The members' session ids on the array that took the request. */
  copySessionIds: z.array(z.number().int()),
  /** Through which array: the destination when the source array was unreachable (forced). */
  through: z.enum(["source", "destination"]),
  /** True only when every member was suspended by that one request (never for a Partial_Error). */
  consistent: z.boolean(),
});

/**
 * Outputs (the state). `sessions` holds each member's session as a RecSyncSession would record it (same
 * shape, read from the arrays), in the order of `members`. `suspended` is observed: every session suspended.
 */
export const outputsSchema = inputsSchema.extend({
  sessions: z.array(sessionOutputs),
  suspended: z.boolean(),
  /** The last suspend of the whole group (suspended, transfer-mode change, failover). */
  lastCut: cutSchema.optional(),
});

export type RecSessionGroupInputs = z.output<typeof inputsSchema>;
export type RecSessionGroupOutputs = z.output<typeof outputsSchema>;
export type MemberInputs = z.output<typeof memberInputsSchema>;
export type GroupCut = z.output<typeof cutSchema>;
/** Inputs of RecSessionGroup (each may be a Pulumi Input). */
export type RecSessionGroupArgs = InputsOf<z.input<typeof declared>>;
/** The Resource class's output properties. */
export type RecSessionGroupOutputProperties = OutputsOf<RecSessionGroupOutputs>;

export const KEYS = resourceKeys(declared, outputsSchema);
export { SESSION_DEFAULTS, SOURCE_VOLUME_KEYS };

/** Stored state -> Outputs; throws a ZodError naming the field when the state cannot be a group. */
export function parseStoredOutputs(raw: Record<string, unknown>): RecSessionGroupOutputs {
  return outputsSchema.parse(raw);
}

/** The declared inputs alone (the plugin schema, provider/plugin/schema.ts). */
export const declaredSchema = declared;
