/**
 * MirroredVolumeGroup: the volumes of one application mirrored as a consistency group: a RemoteVolume per
 * business volume (sized from it) and ONE RecSessionGroup over all the pairs, so `suspended`, a transfer-mode
 * change and `failover` act on every volume at one point in time. Shapes: schema.ts. Built in the program
 * (TypeScript), or by the provider plugin's Construct for the other languages (provider/plugin/construct.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { RemoteVolume } from "../remote-volume/resource";
import { RecSessionGroup } from "../rec-session-group/resource";
import type { MirroredVolumeGroupArgs, MirroredVolumeGroupOutputProperties } from "./schema";

export type { GroupVolume, MirroredVolumeGroupArgs } from "./schema";

/** Type token of the component, fixed forever (renaming changes URNs). */
export const MIRRORED_VOLUME_GROUP_TYPE = "eternus:index:MirroredVolumeGroup";

export interface MirroredVolumeGroup extends MirroredVolumeGroupOutputProperties {}

/** An application's volumes mirrored as one consistency group. */
export class MirroredVolumeGroup extends pulumi.ComponentResource {
  /** The mirror volumes by mirrorName. */
  public readonly volumes: Record<string, RemoteVolume>;
  public readonly group: RecSessionGroup;

  constructor(name: string, args: MirroredVolumeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MIRRORED_VOLUME_GROUP_TYPE, name, {}, opts);
    const destination = pulumi.output(args.destination);
    this.volumes = {};
    const members = args.volumes.map((v) => {
      const volume = new RemoteVolume(`${name}-${v.mirrorName}`, {
        array: destination.array,
        name: v.mirrorName,
        sizeFrom: { array: args.sourceArray, volumeId: v.volumeId, volumeName: v.volumeName, volumeNumber: v.volumeNumber },
        tppId: destination.tppId,
        raidGroupId: destination.raidGroupId,
        adopt: args.adopt,
        reserveSessionSlot: true,
      }, { parent: this, retainOnDelete: args.retainMirrorVolumes === true });
      this.volumes[v.mirrorName] = volume;
      return { sourceVolumeId: v.volumeId, sourceVolumeName: v.volumeName, sourceVolumeNumber: v.volumeNumber, destinationVolumeId: volume.volumeId };
    });
    this.group = new RecSessionGroup(`${name}-group`, {
      sourceArray: args.sourceArray,
      destinationArray: destination.array,
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
    const outputs: MirroredVolumeGroupOutputProperties = { suspended: this.group.suspended };
    Object.assign(this, outputs);
    this.registerOutputs(outputs);
  }
}
