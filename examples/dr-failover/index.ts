/**
 * Disaster recovery drill: every business volume listed in `businessVolumes` is mirrored from
 * `businessArray` to `drArray` (MirroredVolume, Synchronous). `failover: true` moves the business to the
 * mirrors (the sessions are suspended, forced through the DR array when the business array is gone);
 * `failover: false` again fails back (the mirrors' changes are copied home, then Forward).
 * The runbook: docs/disaster-recovery.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { MirroredVolume } from "pulumi-eternus-rec";

interface BusinessVolume {
  /** Name of the mirror volume on the DR array (also the resource name). */
  name: string;
  /** REST volume_id of the business volume on the business array. */
  volumeId: number;
}

const cfg = new pulumi.Config();
const businessArray = cfg.get("businessArray") ?? "site-a";
const drArray = cfg.get("drArray") ?? "site-b";
const failover = cfg.getBoolean("failover") ?? false;
const acceptIncompleteMirror = cfg.getBoolean("acceptIncompleteMirror") ?? false;
const volumes = cfg.requireObject<BusinessVolume[]>("businessVolumes");

const result: Record<string, pulumi.Output<unknown>> = {};
for (const v of volumes) {
  const m = new MirroredVolume(v.name, {
    source: { array: businessArray, volumeId: v.volumeId },
    destination: { array: drArray, tppId: 0 },
    failover,
    acceptIncompleteMirror,
  });
  result[v.name] = pulumi.all([m.destinationVolumeId, m.session.status, m.session.phase, m.session.direction, m.session.failover, m.session.observedThrough])
    .apply(([mirrorVolumeId, status, phase, direction, failedOver, observedThrough]) => ({ mirrorVolumeId, status, phase, direction, failedOver, observedThrough }));
}

/** Per business volume: the mirror's volume_id and where its session stands. */
export const mirrors = result;
export const runsOn = failover ? drArray : businessArray;
