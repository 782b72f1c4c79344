/**
 * A database's data and log volumes mirrored as ONE consistency group (MirroredVolumeGroup): `suspended`
 * (a drill, a backup from the mirrors) and `failover` act on both volumes at one point in time, so the DR
 * copy never holds a log record whose data page is missing. The runbook: docs/disaster-recovery.md,
 * "A consistency group".
 */
import * as pulumi from "@pulumi/pulumi";
import { MirroredVolumeGroup, type GroupVolume } from "pulumi-eternus-rec";

const cfg = new pulumi.Config();
const businessArray = cfg.get("businessArray") ?? "site-a";
const drArray = cfg.get("drArray") ?? "site-b";

const db = new MirroredVolumeGroup("db", {
  sourceArray: businessArray,
  destination: { array: drArray, tppId: 0 },
  // `volumes` (a list of {volumeName, mirrorName}) replaces the data + log pair, e.g. to add an archive volume.
  volumes: cfg.getObject<GroupVolume[]>("volumes") ?? [
    { volumeName: cfg.get("dataVolumeName") ?? "db_data", mirrorName: "db_data_mirror" },
    { volumeName: cfg.get("logVolumeName") ?? "db_log", mirrorName: "db_log_mirror" },
  ],
  suspended: cfg.getBoolean("suspended") ?? false,
  failover: cfg.getBoolean("failover") ?? false,
});

/** Whether every session is suspended, and the last group suspend (one request, consistent or not). */
export const suspended = db.suspended;
export const lastCut = db.group.lastCut;
export const sessions = db.group.sessions.apply((list) => list.map((s) => ({ volume: s.sourceVolumeId, mirror: s.destinationVolumeId, status: s.status, phase: s.phase, direction: s.direction })));
