/**
 * RemoteVolume: the ONE definition of its shapes (Args, checked Inputs, Outputs, stored-state parsing);
 * the TypeScript types are derived from these zod schemas.
 */
import { z } from "zod";
import { VOLUME_CAPACITY_MAX_MB, volumeNameProblem } from "../../api/dialect";
import { bookkeepingShape, resourceKeys } from "../common/bookkeeping";
import { arrayNameRule, booleanRule, integerRule } from "../common/field-rules";
import { selectorRule } from "../common/volume-selector";
import type { InputsOf, OutputsOf } from "../common/shapes";

/** Volume operations have no timeout input; this bounds each create/update/delete. */
export const VOLUME_OPERATION_TIMEOUT_SECONDS = 600;

/** The bound of one volume operation: the fixed one, or the engine's customTimeout for the call when shorter. */
export function volumeOperationSeconds(v: { callTimeoutSeconds?: number }): number {
  return Math.min(VOLUME_OPERATION_TIMEOUT_SECONDS, v.callTimeoutSeconds ?? VOLUME_OPERATION_TIMEOUT_SECONDS);
}
/**
 * diff looks up the size of a sizeFrom volume; it must not hang a preview. Cut to the reachability probe
 * (provider.ts): an unknown size only means "assumed unchanged", so a silent array is not worth more.
 */
export const DIFF_LOOKUP_TIMEOUT_SECONDS = 30;

export const VOLUME_DEFAULTS = { adopt: false } as const;

/** Keys of sizeFrom's volume selector (common/volume-selector.ts). */
export const SIZE_FROM_KEYS = { id: "volumeId", name: "volumeName", number: "volumeNumber", from: "volumeIdFrom" } as const;

/** The business volume: exactly one of volumeId (REST volume_id), volumeName, volumeNumber (Web GUI/CLI). */
const volumeRef = z.object({
  array: arrayNameRule(),
  volumeId: selectorRule.id(),
  volumeName: selectorRule.name(),
  volumeNumber: selectorRule.number(),
  /** Set by the provider: the key volumeId was resolved from. */
  volumeIdFrom: selectorRule.from(SIZE_FROM_KEYS),
}, { error: "must be an object {array, volumeId}" });

const capacityMessage = (i: { input?: unknown }) => `must be a positive integer number of MB, got ${JSON.stringify(i.input)}`;

const declared = z.object({
  /** Array name from stack config (`eternus:arrays.<name>`), e.g. "osaka". */
  array: arrayNameRule(),
  /** Volume name: 1-32 printable ASCII characters, no "," or "?", no reserved prefix. Renaming is in place. */
  name: z.string({ error: (i) => volumeNameMessage(i.input) }).check((ctx) => {
    const message = volumeNameMessage(ctx.value);
    if (message) ctx.issues.push({ code: "custom", message, input: ctx.value });
  }),
  /** Size in MB. Growing = expand (TPV only); shrinking = replacement. Exactly one of capacityMb, sizeFrom. */
  capacityMb: z.number({ error: capacityMessage }).int({ error: capacityMessage }).positive({ error: capacityMessage })
    .max(VOLUME_CAPACITY_MAX_MB, { error: (i) => `must be at most ${VOLUME_CAPACITY_MAX_MB} MB, got ${String(i.input)}` }).optional(),
  /**
   * Copy the size of this (business) volume, e.g. `{ array: "tokyo", volumeId: 100000 }`, or by name
   * (`volumeName`) or by the number the Web GUI/CLI shows (`volumeNumber`), resolved at preview/up.
   */
  sizeFrom: volumeRef.optional(),
  /** Thin provisioning pool: creates a TPV. Exactly one of tppId, raidGroupId; changing it = replacement. */
  tppId: integerRule("thin provisioning pool id").optional(),
  /** RAID group: creates a Standard volume. */
  raidGroupId: integerRule("RAID group id").optional(),
  /** Take over an existing volume of this name (same size and pool) instead of failing. Default false. */
  adopt: booleanRule().optional(),
  /**
   * Set by MirroredVolume: this volume will be the REC destination of the `sizeFrom` volume, so its create
   * is refused, before anything is made, when that business volume has no session slot left (8 at most).
   */
  reserveSessionSlot: booleanRule().optional(),
});

/** What is wrong with a volume name, as check() says it; undefined when nothing is. */
function volumeNameMessage(name: unknown): string | undefined {
  const problem = volumeNameProblem(name);
  return problem && `${problem} (ETERNUS volume names: 1-32 printable ASCII characters, no "," or "?", not starting with $VVOL_META, $DATA_CNTNR or $SYSVOL)`;
}

export const inputsSchema = declared.extend({
  adopt: declared.shape.adopt.default(VOLUME_DEFAULTS.adopt),
  ...bookkeepingShape,
});

export const outputsSchema = inputsSchema.extend({
  /** As the array names it (its own rules hold; refresh records a rename made outside Pulumi). */
  name: z.string(),
  capacityMb: z.number().int(),
  /** REST volume_id (e.g. 100001), what RecSyncSession.destinationVolumeId takes. */
  volumeId: z.number().int(),
  /** Volume number as in the Web GUI / CLI (e.g. 1). */
  volumeNumber: z.number().int().optional(),
  uid: z.string().optional(),
  status: z.string().optional(),
  /** Box id of the array that holds the volume. */
  boxId: z.string(),
  volumeType: z.string().optional(),
});

export type RemoteVolumeInputs = z.output<typeof inputsSchema>;
export type RemoteVolumeOutputs = z.output<typeof outputsSchema>;
/** Inputs of RemoteVolume (each may be a Pulumi Input). */
export type RemoteVolumeArgs = InputsOf<z.input<typeof declared>>;
export type RemoteVolumeOutputProperties = OutputsOf<RemoteVolumeOutputs>;

export const KEYS = resourceKeys(declared, outputsSchema);

/** Stored state -> Outputs (0.1.0 wrote this shape; `volumeId` falls back to the Pulumi id). */
export function parseStoredOutputs(raw: Record<string, unknown>, id?: string): RemoteVolumeOutputs {
  return outputsSchema.parse({
    ...raw,
    adopt: raw.adopt === true,
    volumeId: raw.volumeId ?? (id !== undefined && id !== "" ? Number(id) : undefined),
  });
}

/** The declared inputs alone (the plugin schema, provider/plugin/schema.ts). */
export const declaredSchema = declared;
