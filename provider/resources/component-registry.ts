/**
 * The ONE list of components: their type tokens, shapes and constructors. The provider plugin's schema
 * and Construct (provider/plugin/) read it, as they read registry.ts for the resources.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { MirroredVolume, MIRRORED_VOLUME_TYPE } from "./mirrored-volume/component";
import * as mirroredVolume from "./mirrored-volume/schema";
import { MirroredVolumeGroup, MIRRORED_VOLUME_GROUP_TYPE } from "./mirrored-volume-group/component";
import * as mirroredVolumeGroup from "./mirrored-volume-group/schema";

export interface ComponentModule {
  readonly type: string;
  /** The folder under provider/resources/ (its schema.ts and component.ts hold the docs). */
  readonly dir: string;
  readonly args: z.ZodObject;
  readonly outputs: z.ZodObject;
  /** Folders whose schema.ts documents the fields this component picks from its resources. */
  readonly docsFrom: readonly string[];
  /**
   * Args that become resource options or resource names, so must be known when the component is built
   * (not Outputs): Construct refuses them unknown, naming the field.
   */
  readonly knownArgs: readonly string[];
  construct(name: string, args: Record<string, unknown>, opts: pulumi.ComponentResourceOptions): pulumi.ComponentResource;
}

export const COMPONENT_MODULES = {
  MirroredVolume: {
    type: MIRRORED_VOLUME_TYPE, dir: "mirrored-volume", args: mirroredVolume.argsSchema, outputs: mirroredVolume.outputsSchema,
    docsFrom: ["rec-sync-session", "remote-volume"], knownArgs: ["retainMirrorVolume"],
    construct: (name, args, opts) => new MirroredVolume(name, args as unknown as mirroredVolume.MirroredVolumeArgs, opts),
  },
  MirroredVolumeGroup: {
    type: MIRRORED_VOLUME_GROUP_TYPE, dir: "mirrored-volume-group", args: mirroredVolumeGroup.argsSchema, outputs: mirroredVolumeGroup.outputsSchema,
    docsFrom: ["rec-session-group", "rec-sync-session", "remote-volume"], knownArgs: ["volumes", "retainMirrorVolumes"],
    construct: (name, args, opts) => new MirroredVolumeGroup(name, args as unknown as mirroredVolumeGroup.MirroredVolumeGroupArgs, opts),
  },
} as const satisfies Record<string, ComponentModule>;

export type ComponentKind = keyof typeof COMPONENT_MODULES;
export const COMPONENT_KINDS = Object.keys(COMPONENT_MODULES) as ComponentKind[];

/** The component of a type token, or undefined. */
export function componentOfType(type: string): ComponentModule | undefined {
  return COMPONENT_KINDS.map((k) => COMPONENT_MODULES[k] as ComponentModule).find((c) => c.type === type);
}
