/**
 * RecSyncSession: a REC (Remote Equivalent Copy) session from a business volume to a volume on a remote
 * array, synchronous by default. Shapes: schema.ts.
 * `recSyncSessionProvider` is the thin serialized shell (common/shell.ts) Pulumi stores in the state.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "../common/bookkeeping";
import { providerShell, type ProviderShell } from "../common/shell";
import { DECLARED_KEYS, OUTPUT_ONLY_KEYS, type RecSyncSessionArgs, type RecSyncSessionOutputProperties } from "./schema";

export type { RecSyncSessionArgs, RecSyncSessionInputs, RecSyncSessionOutputs, TransferModeName } from "./schema";

/** The dynamic provider of RecSyncSession (exported for users' own tests). */
export const recSyncSessionProvider: ProviderShell = providerShell("RecSyncSession");

export interface RecSyncSession extends RecSyncSessionOutputProperties {}

/** A REC session (type token pulumi-nodejs:dynamic/eternus:RecSyncSession). */
export class RecSyncSession extends pulumi.dynamic.Resource {
  constructor(name: string, args: RecSyncSessionArgs, opts?: pulumi.CustomResourceOptions) {
    super(recSyncSessionProvider, name, resourceProps(`pulumi-nodejs:dynamic/eternus:RecSyncSession`, name, args, DECLARED_KEYS, OUTPUT_ONLY_KEYS, opts), opts, "eternus", "RecSyncSession");
  }
}
