/**
 * RemoteVolume: a volume on the remote array, the future REC destination. Shapes: schema.ts.
 * `remoteVolumeProvider` is the provider object (shell version 1, common/shell.ts); the state
 * stores the smaller version-2 text instead (storedShellText).
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "../common/bookkeeping";
import { providerShell, storedShellText, type ProviderShell } from "../common/shell";
import { DECLARED_KEYS, OUTPUT_ONLY_KEYS, type RemoteVolumeArgs, type RemoteVolumeOutputProperties } from "./schema";

export type { RemoteVolumeArgs, RemoteVolumeInputs, RemoteVolumeOutputs } from "./schema";

/** The dynamic provider of RemoteVolume (exported for users' own tests). */
export const remoteVolumeProvider: ProviderShell = providerShell("RemoteVolume");

const TYPE = "pulumi-nodejs:dynamic/eternus:RemoteVolume";
const STORED_SHELL = storedShellText("RemoteVolume");

export interface RemoteVolume extends RemoteVolumeOutputProperties {}

/** A volume on an ETERNUS array, created with the REST API (type token pulumi-nodejs:dynamic/eternus:RemoteVolume). */
export class RemoteVolume extends pulumi.CustomResource {
  constructor(name: string, args: RemoteVolumeArgs, opts?: pulumi.CustomResourceOptions) {
    // A dynamic resource (the pulumi-nodejs plugin host runs it) whose stored provider is the small text of
    // shell version 2, not pulumi.dynamic.Resource's serialized object (common/shell.ts storedShellText).
    const props = resourceProps(TYPE, name, args, DECLARED_KEYS, OUTPUT_ONLY_KEYS, opts);
    super(TYPE, name, { ...props, __provider: STORED_SHELL }, opts);
  }
}
