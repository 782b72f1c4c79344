/**
 * RemoteVolume: a volume on the remote array, the future REC destination. Shapes: schema.ts.
 * `remoteVolumeProvider` is the provider object (shell version 1, common/shell.ts); the state
 * stores the smaller version-2 text instead (storedShellText).
 */
import type * as pulumi from "@pulumi/pulumi";
import { EternusResource } from "../common/eternus-resource";
import { providerShell, type ProviderShell } from "../common/shell";
import { KEYS, type RemoteVolumeArgs, type RemoteVolumeOutputProperties } from "./schema";

export type { RemoteVolumeArgs, RemoteVolumeInputs, RemoteVolumeOutputs } from "./schema";

/** The dynamic provider of RemoteVolume (exported for users' own tests). */
export const remoteVolumeProvider: ProviderShell = providerShell("RemoteVolume");

export interface RemoteVolume extends RemoteVolumeOutputProperties {}

/** A volume on an ETERNUS array, created with the REST API (type token pulumi-nodejs:dynamic/eternus:RemoteVolume). */
export class RemoteVolume extends EternusResource {
  constructor(name: string, args: RemoteVolumeArgs, opts?: pulumi.CustomResourceOptions) {
    super("RemoteVolume", KEYS, name, args, opts);
  }
}
