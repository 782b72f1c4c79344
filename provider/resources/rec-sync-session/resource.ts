/**
 * RecSyncSession: a REC (Remote Equivalent Copy) session from a business volume to a volume on a remote
 * array, synchronous by default. Shapes: schema.ts.
 * `recSyncSessionProvider` is the provider object (shell version 1, common/shell.ts); the state
 * stores the smaller version-2 text instead (storedShellText).
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "../common/bookkeeping";
import { providerShell, storedShellText, type ProviderShell } from "../common/shell";
import { DECLARED_KEYS, OUTPUT_ONLY_KEYS, type RecSyncSessionArgs, type RecSyncSessionOutputProperties } from "./schema";

export type { RecSyncSessionArgs, RecSyncSessionInputs, RecSyncSessionOutputs, TransferModeName } from "./schema";

/** The dynamic provider of RecSyncSession (exported for users' own tests). */
export const recSyncSessionProvider: ProviderShell = providerShell("RecSyncSession");

const TYPE = "pulumi-nodejs:dynamic/eternus:RecSyncSession";
const STORED_SHELL = storedShellText("RecSyncSession");

export interface RecSyncSession extends RecSyncSessionOutputProperties {}

/** A REC session (type token pulumi-nodejs:dynamic/eternus:RecSyncSession). */
export class RecSyncSession extends pulumi.CustomResource {
  constructor(name: string, args: RecSyncSessionArgs, opts?: pulumi.CustomResourceOptions) {
    // A dynamic resource (the pulumi-nodejs plugin host runs it) whose stored provider is the small text of
    // shell version 2, not pulumi.dynamic.Resource's serialized object (common/shell.ts storedShellText).
    const props = resourceProps(TYPE, name, args, DECLARED_KEYS, OUTPUT_ONLY_KEYS, opts);
    super(TYPE, name, { ...props, __provider: STORED_SHELL }, opts);
  }
}
