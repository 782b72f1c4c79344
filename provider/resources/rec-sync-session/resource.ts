/**
 * RecSyncSession: a REC (Remote Equivalent Copy) session from a business volume to a volume on a remote
 * array, synchronous by default. Shapes: schema.ts.
 *
 * `recSyncSessionProvider` is the THIN serialized shell Pulumi stores in the state of every resource
 * (docs/dynamic-provider-rules.md, docs/dynamic-provider-rules.md#rule-15-thin-serialized-provider): each method asks the package's permanent entry for the
 * implementation and delegates, so the state holds a few hundred bytes, no credentials, and `refresh` or
 * `destroy` run the installed code. It has no own fields and references nothing outside the object.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "../common/bookkeeping";
import type { ProviderImplementation } from "../../entry";
import { DECLARED_KEYS, OUTPUT_ONLY_KEYS, type RecSyncSessionArgs, type RecSyncSessionOutputProperties } from "./schema";

export type { RecSyncSessionArgs, RecSyncSessionInputs, RecSyncSessionOutputs, TransferModeName } from "./schema";

interface Shell extends pulumi.dynamic.ResourceProvider {
  /** The implementation, resolved by package name from the program's working directory. */
  e(): ProviderImplementation;
}

/** The dynamic provider of RecSyncSession (exported for users' own tests). */
export const recSyncSessionProvider: Shell = {
  e() {
    try {
      return require("pulumi-eternus-rec/provider-entry").provider("RecSyncSession", 1);
    } catch (e) {
      throw new Error(`pulumi-eternus-rec: cannot load the provider (${(e as Error).message}); install the package in the Pulumi project (node_modules/pulumi-eternus-rec), not only bundled`);
    }
  },
  configure(req) { return this.e().configure(this, req); },
  check(olds, news) { return this.e().check(this, olds, news); },
  diff(id, olds, news) { return this.e().diff(this, id, olds, news); },
  create(inputs) { return this.e().create(this, inputs); },
  read(id, props) { return this.e().read(this, id, props ?? {}); },
  update(id, olds, news) { return this.e().update(this, id, olds, news); },
  delete(id, props) { return this.e().delete(this, id, props); },
};

export interface RecSyncSession extends RecSyncSessionOutputProperties {}

/** A REC session (type token pulumi-nodejs:dynamic/eternus:RecSyncSession). */
export class RecSyncSession extends pulumi.dynamic.Resource {
  constructor(name: string, args: RecSyncSessionArgs, opts?: pulumi.CustomResourceOptions) {
    super(recSyncSessionProvider, name, resourceProps(`pulumi-nodejs:dynamic/eternus:RecSyncSession`, name, args, DECLARED_KEYS, OUTPUT_ONLY_KEYS, opts), opts, "eternus", "RecSyncSession");
  }
}
