/**
 * RemoteVolume: a volume on the remote array, the future REC destination. Shapes: schema.ts.
 * `remoteVolumeProvider` is the thin serialized shell (common/shell.ts) Pulumi stores in the state.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "../common/bookkeeping";
import { providerShell, type ProviderShell } from "../common/shell";
import { DECLARED_KEYS, OUTPUT_ONLY_KEYS, type RemoteVolumeArgs, type RemoteVolumeOutputProperties } from "./schema";

export type { RemoteVolumeArgs, RemoteVolumeInputs, RemoteVolumeOutputs } from "./schema";

/** The dynamic provider of RemoteVolume (exported for users' own tests). */
export const remoteVolumeProvider: ProviderShell = providerShell("RemoteVolume");

export interface RemoteVolume extends RemoteVolumeOutputProperties {}

/** A volume on an ETERNUS array, created with the REST API (type token pulumi-nodejs:dynamic/eternus:RemoteVolume). */
export class RemoteVolume extends pulumi.dynamic.Resource {
  constructor(name: string, args: RemoteVolumeArgs, opts?: pulumi.CustomResourceOptions) {
    super(remoteVolumeProvider, name, resourceProps(`pulumi-nodejs:dynamic/eternus:RemoteVolume`, name, args, DECLARED_KEYS, OUTPUT_ONLY_KEYS, opts), opts, "eternus", "RemoteVolume");
  }
}
