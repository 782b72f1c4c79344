/**
 * MirroredVolume: the ONE definition of the component's shapes. Each field is its resources' own schema
 * entry, picked (rules, defaults and docs stay there); the TypeScript args type and the plugin schema's
 * component (provider/plugin/schema.ts) are derived from these.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { booleanRule } from "../common/field-rules";
import type { InputsOf } from "../common/shapes";
import { declaredSchema as sessionDeclared, outputsSchema as sessionOutputs } from "../rec-sync-session/schema";
import { declaredSchema as volumeDeclared, outputsSchema as volumeOutputs } from "../remote-volume/schema";

/** The session settings, as RecSyncSession takes them (documented there; failover: docs/disaster-recovery.md). */
const SESSION_SETTINGS = {
  transferMode: true, splitMode: true, recoveryMode: true, suspended: true, direction: true,
  waitForEquivalent: true, timeoutSeconds: true, failover: true, acceptIncompleteMirror: true,
} as const;

const v = volumeDeclared.shape;

const args = z.object({
  /**
   * The business volume: array name (stack config) and exactly one of volumeId (the REST volume_id, e.g.
   * 100001), volumeName, or volumeNumber (the number the Web GUI/CLI shows, e.g. 1). A name or number is
   * resolved at preview/up; the resolved id is kept while the declaration is unchanged (see `sourceVolumeId`).
   */
  source: v.sizeFrom.unwrap().omit({ volumeIdFrom: true }),
  /** Where the mirror volume is created. `name` defaults to the component's name. */
  destination: z.object({ array: v.array, tppId: v.tppId, raidGroupId: v.raidGroupId, name: v.name.optional() }),
  /** Take over an existing mirror volume of that name and an existing session for the pair. Default false. */
  adopt: booleanRule().optional(),
  /**
   * Keep the mirror volume (the DR copy) on the array when this component is deleted or replaced: only the
   * session is deleted, as the manual allows (the volume gets Pulumi's retainOnDelete). Default false: a
   * destroy deletes the session AND the mirror volume with its data.
   */
  retainMirrorVolume: booleanRule().optional(),
}).extend(sessionDeclared.pick(SESSION_SETTINGS).shape);

/** The component's outputs: its session's and its mirror volume's. */
export const outputsSchema = z.object({
  /** The business volume's REST volume_id (resolved when declared by name or number). */
  sourceVolumeId: sessionOutputs.shape.sourceVolumeId,
  /** The mirror volume's REST volume_id. */
  destinationVolumeId: volumeOutputs.shape.volumeId,
  copySessionId: sessionOutputs.shape.copySessionId,
  phase: sessionOutputs.shape.phase,
  status: sessionOutputs.shape.status,
});

export const argsSchema = args;

/**
 * What a program passes. `retainMirrorVolume` is a plain boolean: it becomes the volume's retainOnDelete
 * option, which must be known when the program runs.
 */
export type MirroredVolumeArgs = Omit<InputsOf<z.input<typeof args>>, "retainMirrorVolume"> & { retainMirrorVolume?: boolean };
export type MirroredVolumeOutputKey = keyof z.output<typeof outputsSchema>;
/** The component's output properties. */
export type MirroredVolumeOutputProperties = { readonly [K in MirroredVolumeOutputKey]: pulumi.Output<z.output<typeof outputsSchema>[K]> };
