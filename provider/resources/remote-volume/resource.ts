/**
 * RemoteVolume: a volume on the remote array, the future REC destination. Shapes: schema.ts.
 *
 * `remoteVolumeProvider` is the THIN serialized shell Pulumi stores in the state of every resource
 * (docs/dynamic-provider-rules.md, docs/dynamic-provider-rules.md#rule-15-thin-serialized-provider): each method asks the package's permanent entry for the
 * implementation and delegates, so the state holds a few hundred bytes, no credentials, and `refresh` or
 * `destroy` run the installed code. It has no own fields and references nothing outside the object.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "../common/bookkeeping";
import type { ProviderImplementation } from "../../entry";
import { DECLARED_KEYS, OUTPUT_ONLY_KEYS, type RemoteVolumeArgs, type RemoteVolumeOutputProperties } from "./schema";

export type { RemoteVolumeArgs, RemoteVolumeInputs, RemoteVolumeOutputs } from "./schema";

interface Shell extends pulumi.dynamic.ResourceProvider {
  /** The implementation, resolved by package name from the program's working directory. */
  e(): ProviderImplementation;
}

/** The dynamic provider of RemoteVolume (exported for users' own tests). */
export const remoteVolumeProvider: Shell = {
  e() {
    try {
      return require("pulumi-eternus-rec/provider-entry").provider("RemoteVolume", 1);
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

export interface RemoteVolume extends RemoteVolumeOutputProperties {}

/** A volume on an ETERNUS array, created with the REST API (type token pulumi-nodejs:dynamic/eternus:RemoteVolume). */
export class RemoteVolume extends pulumi.dynamic.Resource {
  constructor(name: string, args: RemoteVolumeArgs, opts?: pulumi.CustomResourceOptions) {
    super(remoteVolumeProvider, name, resourceProps(`pulumi-nodejs:dynamic/eternus:RemoteVolume`, name, args, DECLARED_KEYS, OUTPUT_ONLY_KEYS, opts), opts, "eternus", "RemoteVolume");
  }
}
