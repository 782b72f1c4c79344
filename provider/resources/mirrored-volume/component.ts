/**
 * MirroredVolume: the manual's "mirrored volume in a remote storage system" procedure as one
 * component: a RemoteVolume sized from the business volume, and a RecSyncSession from the business volume
 * to it. Shapes: schema.ts. Built in the program (TypeScript), or by the provider plugin's Construct for
 * the other languages (provider/plugin/construct.ts), where the children are the package's own types.
 */
import * as pulumi from "@pulumi/pulumi";
import { RemoteVolume } from "../remote-volume/resource";
import { RecSyncSession } from "../rec-sync-session/resource";
import type { MirroredVolumeArgs, MirroredVolumeOutputProperties } from "./schema";

export type { MirroredVolumeArgs } from "./schema";

/** Type token of the component, fixed forever (renaming changes URNs). */
export const MIRRORED_VOLUME_TYPE = "eternus:index:MirroredVolume";

export interface MirroredVolume extends MirroredVolumeOutputProperties {}

/** A mirrored volume: a mirror volume on the destination array and the REC session to it. */
export class MirroredVolume extends pulumi.ComponentResource {
  /** The mirror volume on the destination array. */
  public readonly volume: RemoteVolume;
  /** The REC session from the business volume to the mirror. */
  public readonly session: RecSyncSession;

  constructor(name: string, args: MirroredVolumeArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MIRRORED_VOLUME_TYPE, name, {}, opts);
    const source = pulumi.output(args.source);
    const destination = pulumi.output(args.destination);
    this.volume = new RemoteVolume(`${name}-volume`, {
      array: destination.array,
      name: destination.apply((d) => d.name ?? name),
      sizeFrom: source,
      tppId: destination.tppId,
      raidGroupId: destination.raidGroupId,
      adopt: args.adopt,
      // Refused before it is created when the business volume has no session slot left.
      reserveSessionSlot: true,
    }, { parent: this, retainOnDelete: args.retainMirrorVolume === true });
    this.session = new RecSyncSession(`${name}-session`, {
      sourceArray: source.array,
      sourceVolumeId: source.volumeId,
      sourceVolumeName: source.volumeName,
      sourceVolumeNumber: source.volumeNumber,
      destinationArray: destination.array,
      destinationVolumeId: this.volume.volumeId,
      transferMode: args.transferMode,
      splitMode: args.splitMode,
      recoveryMode: args.recoveryMode,
      suspended: args.suspended,
      direction: args.direction,
      waitForEquivalent: args.waitForEquivalent,
      timeoutSeconds: args.timeoutSeconds,
      adopt: args.adopt,
      failover: args.failover,
      acceptIncompleteMirror: args.acceptIncompleteMirror,
    }, { parent: this, dependsOn: [this.volume] });
    const outputs: MirroredVolumeOutputProperties = {
      sourceVolumeId: this.session.sourceVolumeId,
      destinationVolumeId: this.volume.volumeId,
      copySessionId: this.session.copySessionId,
      phase: this.session.phase,
      status: this.session.status,
    };
    Object.assign(this, outputs);
    this.registerOutputs(outputs);
  }
}
