/**
 * MirroredVolumeGroup: the ONE definition of the component's shapes. The group settings are
 * RecSessionGroup's own schema entries, picked; the destination is RemoteVolume's. The TypeScript args type
 * and the plugin schema's component (provider/plugin/schema.ts) are derived from these.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { booleanRule } from "../common/field-rules";
import type { DeepInput, InputsOf } from "../common/shapes";
import { declaredSchema as groupDeclared, outputsSchema as groupOutputs, SHARED_KEYS } from "../rec-session-group/schema";
import { declaredSchema as volumeDeclared } from "../remote-volume/schema";
import { declaredSchema as sessionDeclared } from "../rec-sync-session/schema";

const v = volumeDeclared.shape;
const s = sessionDeclared.shape;

/** One business volume of the group: exactly one of volumeId, volumeName, volumeNumber. */
const volume = z.object({
  /** The business volume's REST volume_id on sourceArray. */
  volumeId: s.sourceVolumeId,
  /** The business volume by its name on sourceArray. */
  volumeName: s.sourceVolumeName,
  /** The business volume by the volume number the Web GUI/CLI shows. */
  volumeNumber: s.sourceVolumeNumber,
  /** The mirror volume's name, and the key of this member's child resources (stable across reorders). */
  mirrorName: v.name,
});

const args = z.object({
  /** Array of the business volumes (stack config name). */
  sourceArray: groupDeclared.shape.sourceArray,
  /** Where the mirror volumes are created. */
  destination: z.object({ array: v.array, tppId: v.tppId, raidGroupId: v.raidGroupId }),
  /** The business volumes; each gets its own mirror volume resource, named by its mirrorName. */
  volumes: z.array(volume).min(1),
  /** Keep the mirror volumes on the array when the component is deleted (retainOnDelete). Default false. */
  retainMirrorVolumes: booleanRule().optional(),
}).extend(groupDeclared.pick(SHARED_KEYS).shape);

/** The component's outputs: its group's. */
export const outputsSchema = z.object({
  /** Observed: every member session suspended. */
  suspended: groupOutputs.shape.suspended,
});

export const argsSchema = args;

type VolumeArgs = z.input<typeof volume>;
/** One business volume as a program passes it: mirrorName plain (it names resources), the selector may be an Input. */
export type GroupVolume = { [K in keyof VolumeArgs]: K extends "mirrorName" ? VolumeArgs[K] : DeepInput<VolumeArgs[K]> };

/**
 * What a program passes. `volumes` is a plain list and `retainMirrorVolumes` a plain boolean: each volume
 * becomes its own resources, and retainOnDelete must be known when the program runs.
 */
export type MirroredVolumeGroupArgs = Omit<InputsOf<z.input<typeof args>>, "volumes" | "retainMirrorVolumes">
  & { volumes: GroupVolume[]; retainMirrorVolumes?: boolean };
export type MirroredVolumeGroupOutputKey = keyof z.output<typeof outputsSchema>;
export type MirroredVolumeGroupOutputProperties = { readonly [K in MirroredVolumeGroupOutputKey]: pulumi.Output<z.output<typeof outputsSchema>[K]> };
