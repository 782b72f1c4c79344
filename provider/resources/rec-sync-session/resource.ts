/**
 * RecSyncSession: a REC (Remote Equivalent Copy) session from a business volume to a volume on a remote
 * array, synchronous by default. Shapes: schema.ts.
 * `recSyncSessionProvider` is the provider object (shell version 1, common/shell.ts); the state
 * stores the smaller version-2 text instead (storedShellText).
 */
import type * as pulumi from "@pulumi/pulumi";
import { EternusResource } from "../common/eternus-resource";
import { providerShell, type ProviderShell } from "../common/shell";
import { KEYS, type RecSyncSessionArgs, type RecSyncSessionOutputProperties } from "./schema";

export type { RecSyncSessionArgs, RecSyncSessionInputs, RecSyncSessionOutputs, TransferModeName } from "./schema";

/** The dynamic provider of RecSyncSession (exported for users' own tests). */
export const recSyncSessionProvider: ProviderShell = providerShell("RecSyncSession");

export interface RecSyncSession extends RecSyncSessionOutputProperties {}

/** A REC session (type token pulumi-nodejs:dynamic/eternus:RecSyncSession). */
export class RecSyncSession extends EternusResource {
  constructor(name: string, args: RecSyncSessionArgs, opts?: pulumi.CustomResourceOptions) {
    super("RecSyncSession", KEYS, name, args, opts);
  }
}
