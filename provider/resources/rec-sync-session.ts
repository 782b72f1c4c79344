/**
 * RecSyncSession: a REC (Remote Equivalent Copy) session from a business volume to a volume on a remote
 * array, synchronous by default.
 *
 * `recSyncSessionProvider` is the THIN serialized shell (see remote-volume.ts and
 * shared/docs/pulumi-dynamic-providers.md rule 15): every method requires
 * pulumi-eternus-rec/dist/provider/resources/rec-sync-session-impl.js at call time and delegates.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../version";

export type TransferModeName = "Synchronous" | "Consistency" | "Stack";

/** Inputs of RecSyncSession. */
export interface RecSyncSessionArgs {
  /** Array of the business volume (stack config name). Changing it = replacement. */
  sourceArray: pulumi.Input<string>;
  /** REST volume_id of the business volume. Changing it = replacement. */
  sourceVolumeId: pulumi.Input<number>;
  /** Remote array (stack config name). Changing it = replacement. */
  destinationArray: pulumi.Input<string>;
  /** REST volume_id of the mirror volume, same size as the source. Changing it = replacement. */
  destinationVolumeId: pulumi.Input<number>;
  /** Default Synchronous. A change is done in place: suspend -> PATCH -> resume -> wait. */
  transferMode?: pulumi.Input<TransferModeName>;
  /** Synchronous only; default Automatic. */
  splitMode?: pulumi.Input<"Automatic" | "Manual">;
  /** Default Automatic. */
  recoveryMode?: pulumi.Input<"Automatic" | "Manual">;
  /** Desired state: true = suspended (both volumes usable independently). Default false. */
  suspended?: pulumi.Input<boolean>;
  /** Forward (default) or Reverse = restore from the mirror (suspend -> reverse -> resume -> wait). */
  direction?: pulumi.Input<"Forward" | "Reverse">;
  /** Wait for the Equivalent phase after create/resume. Default true. */
  waitForEquivalent?: pulumi.Input<boolean>;
  /** Bound of every create/update/delete, in seconds. Default 3600. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Take over an existing session for this pair even if it differs from the declaration. Default false. */
  adopt?: pulumi.Input<boolean>;
}

/** Outputs of RecSyncSession as plain values (the state); mode fields are the values read from the array. */
export type { RecSyncSessionOutputs } from "./rec-sync-session-state";
/** Checked, plain inputs with defaults filled (what the provider methods receive). */
export type { RecSyncSessionInputs } from "./input-validation";

type Impl = typeof import("./rec-sync-session-impl");

interface Shell extends pulumi.dynamic.ResourceProvider {
  /** Loads the implementation by package name, resolved from the program's working directory. */
  impl(): Impl;
}

/** The dynamic provider of RecSyncSession (exported for users' own tests). */
export const recSyncSessionProvider: Shell = {
  impl(): Impl {
    try {
      return require("pulumi-eternus-rec/dist/provider/resources/rec-sync-session-impl.js");
    } catch (e) {
      throw new Error(`pulumi-eternus-rec: cannot load the RecSyncSession implementation (${(e as Error).message}). ` +
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

/** A REC session (type token pulumi-nodejs:dynamic/eternus:RecSyncSession). */
export class RecSyncSession extends pulumi.dynamic.Resource {
  declare public readonly sourceArray: pulumi.Output<string>;
  declare public readonly sourceVolumeId: pulumi.Output<number>;
  declare public readonly destinationArray: pulumi.Output<string>;
  declare public readonly destinationVolumeId: pulumi.Output<number>;
  declare public readonly transferMode: pulumi.Output<string>;
  declare public readonly splitMode: pulumi.Output<string | undefined>;
  declare public readonly recoveryMode: pulumi.Output<string>;
  declare public readonly suspended: pulumi.Output<boolean>;
  declare public readonly direction: pulumi.Output<"Forward" | "Reverse">;
  declare public readonly waitForEquivalent: pulumi.Output<boolean>;
  declare public readonly timeoutSeconds: pulumi.Output<number>;
  declare public readonly adopt: pulumi.Output<boolean>;
  declare public readonly providerVersion: pulumi.Output<string>;
  /** Session id on the source array. Ids are reused by the array after deletion. */
  declare public readonly copySessionId: pulumi.Output<number>;
  /** Session id of the same session on the destination array. */
  declare public readonly remoteCopySessionId: pulumi.Output<number>;
  declare public readonly sourceBoxId: pulumi.Output<string>;
  declare public readonly destinationBoxId: pulumi.Output<string>;
  declare public readonly phase: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;
  declare public readonly progress: pulumi.Output<number>;
  declare public readonly errorCode: pulumi.Output<string>;

  constructor(name: string, args: RecSyncSessionArgs, opts?: pulumi.CustomResourceOptions) {
    super(recSyncSessionProvider, name, {
      sourceArray: args.sourceArray,
      sourceVolumeId: args.sourceVolumeId,
      destinationArray: args.destinationArray,
      destinationVolumeId: args.destinationVolumeId,
      transferMode: args.transferMode,
      splitMode: args.splitMode,
      recoveryMode: args.recoveryMode,
      suspended: args.suspended,
      direction: args.direction,
      waitForEquivalent: args.waitForEquivalent,
      timeoutSeconds: args.timeoutSeconds,
      adopt: args.adopt,
      providerVersion: PROVIDER_VERSION,
      resourceName: name,
      copySessionId: undefined,
      remoteCopySessionId: undefined,
      sourceBoxId: undefined,
      destinationBoxId: undefined,
      phase: undefined,
      status: undefined,
      progress: undefined,
      errorCode: undefined,
    }, opts, "eternus", "RecSyncSession");
  }
}
