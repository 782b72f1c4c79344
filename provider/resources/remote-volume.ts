/**
 * RemoteVolume: a volume on the remote array, the future REC destination.
 *
 * `remoteVolumeProvider` is the object Pulumi serializes into every resource's state (`__provider`). It is a
 * THIN SHELL (shared/docs/pulumi-dynamic-providers.md rule 15): each method requires the implementation
 * by PACKAGE NAME at call time and delegates, so the state holds a few hundred bytes, no zod/undici
 * objects are captured, and delete/refresh run the installed code. It has no own fields: configure()
 * keeps the configuration in a WeakMap inside provider/config.ts, so even a configured object serializes
 * without credentials. Nothing outside the object literal is referenced by its methods.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../version";

/** Inputs of RemoteVolume. */
export interface RemoteVolumeArgs {
  /** Array name from stack config (`eternus:arrays.<name>`), e.g. "osaka". */
  array: pulumi.Input<string>;
  /** Volume name: 1-32 printable ASCII characters, no "," or "?", no reserved prefix. Renaming is in place. */
  name: pulumi.Input<string>;
  /** Size in MB. Growing = expand (TPV only); shrinking = replacement. Exactly one of capacityMb, sizeFrom. */
  capacityMb?: pulumi.Input<number>;
  /** Copy the size of this (business) volume, e.g. `{ array: "tokyo", volumeId: 100000 }`. */
  sizeFrom?: pulumi.Input<{ array: pulumi.Input<string>; volumeId: pulumi.Input<number> }>;
  /** Thin provisioning pool: creates a TPV. Exactly one of tppId, raidGroupId; changing it = replacement. */
  tppId?: pulumi.Input<number>;
  /** RAID group: creates a Standard volume. */
  raidGroupId?: pulumi.Input<number>;
  /** Take over an existing volume of this name (same size and pool) instead of failing. Default false. */
  adopt?: pulumi.Input<boolean>;
}

/** Outputs of RemoteVolume as plain values (the state); type-only, the implementation is not loaded. */
export type { RemoteVolumeOutputs } from "./remote-volume-impl";
/** Checked, plain inputs (what the provider methods receive). */
export type { RemoteVolumeInputs } from "./input-validation";

type Impl = typeof import("./remote-volume-impl");

interface Shell extends pulumi.dynamic.ResourceProvider {
  /** Loads the implementation by package name, resolved from the program's working directory. */
  impl(): Impl;
}

/** The dynamic provider of RemoteVolume (exported for users' own tests). */
export const remoteVolumeProvider: Shell = {
  impl(): Impl {
    try {
      return require("pulumi-eternus-rec/dist/provider/resources/remote-volume-impl.js");
    } catch (e) {
      throw new Error(`pulumi-eternus-rec: cannot load the RemoteVolume implementation (${(e as Error).message}). ` +
        "The package must be installed in the Pulumi project (node_modules/pulumi-eternus-rec), not only bundled.");
    }
  },
  async configure(req) {
    (require("pulumi-eternus-rec/dist/provider/config.js") as typeof import("../config")).configureProvider(this, req);
  },
  async check(olds, news) {
    return (this as Shell).impl().check(this, olds, news);
  },
  async diff(id, olds, news) {
    return (this as Shell).impl().diff(this, id, olds, news);
  },
  async create(inputs) {
    return (this as Shell).impl().create(this, inputs);
  },
  async read(id, props) {
    return (this as Shell).impl().read(this, id, props ?? {});
  },
  async update(id, olds, news) {
    return (this as Shell).impl().update(this, id, olds, news);
  },
  async delete(id, props) {
    return (this as Shell).impl().remove(this, id, props);
  },
};

/** A volume on an ETERNUS array, created with the REST API (type token pulumi-nodejs:dynamic/eternus:RemoteVolume). */
export class RemoteVolume extends pulumi.dynamic.Resource {
  declare public readonly array: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly capacityMb: pulumi.Output<number>;
  declare public readonly sizeFrom: pulumi.Output<{ array: string; volumeId: number } | undefined>;
  declare public readonly tppId: pulumi.Output<number | undefined>;
  declare public readonly raidGroupId: pulumi.Output<number | undefined>;
  declare public readonly adopt: pulumi.Output<boolean>;
  declare public readonly providerVersion: pulumi.Output<string>;
  /** REST volume_id (e.g. 100001), what RecSyncSession.destinationVolumeId takes. */
  declare public readonly volumeId: pulumi.Output<number>;
  /** Volume number as in the Web GUI / CLI (e.g. 1). */
  declare public readonly volumeNumber: pulumi.Output<number>;
  declare public readonly uid: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;
  /** Box id of the array that holds the volume. */
  declare public readonly boxId: pulumi.Output<string>;
  declare public readonly volumeType: pulumi.Output<string>;

  constructor(name: string, args: RemoteVolumeArgs, opts?: pulumi.CustomResourceOptions) {
    super(remoteVolumeProvider, name, {
      array: args.array,
      name: args.name,
      capacityMb: args.capacityMb,
      sizeFrom: args.sizeFrom,
      tppId: args.tppId,
      raidGroupId: args.raidGroupId,
      adopt: args.adopt,
      providerVersion: PROVIDER_VERSION,
      resourceName: name,
      volumeId: undefined,
      volumeNumber: undefined,
      uid: undefined,
      status: undefined,
      boxId: undefined,
      volumeType: undefined,
    }, opts, "eternus", "RemoteVolume");
  }
}
