/**
 * MirroredVolumeGroup: the volumes of one application mirrored as a consistency group: a RemoteVolume per
 * business volume (sized from it) and ONE RecSessionGroup over all the pairs, so `suspended`, a transfer-mode
 * change and `failover` act on every volume at one point in time. Program-time only.
 */
import * as pulumi from "@pulumi/pulumi";
import { RemoteVolume } from "../remote-volume/resource";
import { RecSessionGroup, type RecSessionGroupArgs } from "../rec-session-group/resource";

/** Type token of the component, fixed forever (renaming changes URNs). */
export const MIRRORED_VOLUME_GROUP_TYPE = "eternus:index:MirroredVolumeGroup";

/** One business volume of the group: exactly one of volumeId, volumeName, volumeNumber. */
export interface GroupVolume {
  volumeId?: pulumi.Input<number>;
  volumeName?: pulumi.Input<string>;
  volumeNumber?: pulumi.Input<number>;
  /** The mirror volume's name, and the key of this member's child resources (stable across reorders). */
  mirrorName: string;
}

/** The group settings, as RecSessionGroup takes them (documented there). */
type GroupSettings = Pick<RecSessionGroupArgs, "transferMode" | "splitMode" | "recoveryMode" | "suspended" | "waitForEquivalent"
  | "timeoutSeconds" | "adopt" | "failover" | "acceptIncompleteMirror">;

export interface MirroredVolumeGroupArgs extends GroupSettings {
  /** Array of the business volumes (stack config name). */
  sourceArray: pulumi.Input<string>;
  /** Where the mirror volumes are created. */
  destination: { array: pulumi.Input<string>; tppId?: pulumi.Input<number>; raidGroupId?: pulumi.Input<number> };
  /** The business volumes; a plain list, since each gets its own mirror volume resource. */
  volumes: GroupVolume[];
  /** Keep the mirror volumes on the array when the component is deleted (retainOnDelete). Default false. */
  retainMirrorVolumes?: boolean;
}

export class MirroredVolumeGroup extends pulumi.ComponentResource {
  /** The mirror volumes by mirrorName. */
  public readonly volumes: Record<string, RemoteVolume>;
  public readonly group: RecSessionGroup;
  public readonly suspended: pulumi.Output<boolean>;

  constructor(name: string, args: MirroredVolumeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MIRRORED_VOLUME_GROUP_TYPE, name, {}, opts);
    this.volumes = {};
    const members = args.volumes.map((v) => {
      const volume = new RemoteVolume(`${name}-${v.mirrorName}`, {
        array: args.destination.array,
        name: v.mirrorName,
        sizeFrom: { array: args.sourceArray, volumeId: v.volumeId, volumeName: v.volumeName, volumeNumber: v.volumeNumber },
        tppId: args.destination.tppId,
        raidGroupId: args.destination.raidGroupId,
        adopt: args.adopt,
        reserveSessionSlot: true,
      }, { parent: this, retainOnDelete: args.retainMirrorVolumes === true });
      this.volumes[v.mirrorName] = volume;
      return { sourceVolumeId: v.volumeId, sourceVolumeName: v.volumeName, sourceVolumeNumber: v.volumeNumber, destinationVolumeId: volume.volumeId };
    });
    this.group = new RecSessionGroup(`${name}-group`, {
      sourceArray: args.sourceArray,
      destinationArray: args.destination.array,
      members,
      transferMode: args.transferMode,
      splitMode: args.splitMode,
      recoveryMode: args.recoveryMode,
      suspended: args.suspended,
      waitForEquivalent: args.waitForEquivalent,
      timeoutSeconds: args.timeoutSeconds,
      adopt: args.adopt,
      failover: args.failover,
      acceptIncompleteMirror: args.acceptIncompleteMirror,
    }, { parent: this, dependsOn: Object.values(this.volumes) });
    this.suspended = this.group.suspended;
    this.registerOutputs({ suspended: this.suspended });
  }
}
