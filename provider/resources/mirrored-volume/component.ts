/**
 * MirroredVolume: the manual's "mirrored volume in a remote storage system" procedure as one
 * component: a RemoteVolume sized from the business volume, and a RecSyncSession from the business volume
 * to it. Program-time only (a ComponentResource is never serialized).
 */
import * as pulumi from "@pulumi/pulumi";
import { RemoteVolume } from "../remote-volume/resource";
import { RecSyncSession, type RecSyncSessionArgs } from "../rec-sync-session/resource";

/** Type token of the component, fixed forever (renaming changes URNs). */
export const MIRRORED_VOLUME_TYPE = "eternus:index:MirroredVolume";

/** The session settings, as RecSyncSession takes them (documented there; failover: docs/disaster-recovery.md). */
type SessionSettings = Pick<RecSyncSessionArgs, "transferMode" | "splitMode" | "recoveryMode" | "suspended" | "direction"
  | "waitForEquivalent" | "timeoutSeconds" | "failover" | "acceptIncompleteMirror">;

export interface MirroredVolumeArgs extends SessionSettings {
  /**
   * The business volume: array name (stack config) and exactly one of volumeId (the REST volume_id, e.g.
   * 100001), volumeName, or volumeNumber (the number the Web GUI/CLI shows, e.g. 1). A name or number is
   * resolved at preview/up; the resolved id is kept while the declaration is unchanged (see `sourceVolumeId`).
   */
  source: pulumi.Input<{
    array: pulumi.Input<string>;
    volumeId?: pulumi.Input<number>;
    volumeName?: pulumi.Input<string>;
    volumeNumber?: pulumi.Input<number>;
  }>;
  /** Where the mirror volume is created. `name` defaults to the component's name. */
  destination: {
    array: pulumi.Input<string>;
    tppId?: pulumi.Input<number>;
    raidGroupId?: pulumi.Input<number>;
    name?: pulumi.Input<string>;
  };
  /** Take over an existing mirror volume of that name and an existing session for the pair. Default false. */
  adopt?: pulumi.Input<boolean>;
  /**
   * Keep the mirror volume (the DR copy) on the array when this component is deleted or replaced: only the
   * session is deleted, as the manual allows (the volume gets Pulumi's retainOnDelete). Default false: a
   * destroy deletes the session AND the mirror volume with its data.
   */
  retainMirrorVolume?: boolean;
}

export class MirroredVolume extends pulumi.ComponentResource {
  /** The mirror volume on the destination array. */
  public readonly volume: RemoteVolume;
  /** The REC session from the business volume to the mirror. */
  public readonly session: RecSyncSession;
  /** The business volume's REST volume_id (resolved when declared by name or number). */
  public readonly sourceVolumeId: pulumi.Output<number>;
  public readonly destinationVolumeId: pulumi.Output<number>;
  public readonly copySessionId: pulumi.Output<number>;
  public readonly phase: pulumi.Output<string>;
  public readonly status: pulumi.Output<string>;

  constructor(name: string, args: MirroredVolumeArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MIRRORED_VOLUME_TYPE, name, {}, opts);
    const source = pulumi.output(args.source);
    this.volume = new RemoteVolume(`${name}-volume`, {
      array: args.destination.array,
      name: args.destination.name ?? name,
      sizeFrom: source,
      tppId: args.destination.tppId,
      raidGroupId: args.destination.raidGroupId,
      adopt: args.adopt,
      // Refused before it is created when the business volume has no session slot left.
      reserveSessionSlot: true,
    }, { parent: this, retainOnDelete: args.retainMirrorVolume === true });
    this.session = new RecSyncSession(`${name}-session`, {
      sourceArray: source.array,
      sourceVolumeId: source.volumeId,
      sourceVolumeName: source.volumeName,
      sourceVolumeNumber: source.volumeNumber,
      destinationArray: args.destination.array,
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
    this.sourceVolumeId = this.session.sourceVolumeId;
    this.destinationVolumeId = this.volume.volumeId;
    this.copySessionId = this.session.copySessionId;
    this.phase = this.session.phase;
    this.status = this.session.status;
    this.registerOutputs({
      sourceVolumeId: this.sourceVolumeId,
      destinationVolumeId: this.destinationVolumeId,
      copySessionId: this.copySessionId,
      phase: this.phase,
      status: this.status,
    });
  }
}
