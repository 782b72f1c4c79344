/**
 * Mirror one business volume to a remote array with REC, synchronous mode, the two resources written out:
 *   1. RemoteVolume: the mirror volume on the remote array, same size as the business volume (sizeFrom);
 *   2. RecSyncSession: the REC session from the business volume to it.
 * Array connections come from stack config (eternus:arrays.<name>.*), see README.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { RemoteVolume, RecSyncSession } from "pulumi-eternus-rec";

const cfg = new pulumi.Config();
const sourceArray = cfg.get("sourceArray") ?? "site-a";
const sourceVolumeId = cfg.getNumber("sourceVolumeId") ?? 100000;
const destinationArray = cfg.get("destinationArray") ?? "site-b";
// Optional: the business volume by its name instead of its REST volume_id (README, "Naming the business volume").
const sourceVolumeName = cfg.get("sourceVolumeName") || undefined;
const source = sourceVolumeName ? { sourceVolumeName } : { sourceVolumeId };

const mirror = new RemoteVolume("mirror", {
  array: destinationArray,
  name: cfg.get("mirrorName") ?? "business_vol01_m",
  sizeFrom: sourceVolumeName ? { array: sourceArray, volumeName: sourceVolumeName } : { array: sourceArray, volumeId: sourceVolumeId },
  tppId: cfg.getNumber("tppId") ?? 0,
});

const session = new RecSyncSession("rec", {
  sourceArray,
  ...source,
  destinationArray,
  destinationVolumeId: mirror.volumeId,
  transferMode: (cfg.get("transferMode") ?? "Synchronous") as "Synchronous" | "Consistency" | "Stack",
  direction: (cfg.get("direction") ?? "Forward") as "Forward" | "Reverse",
  // Optional: true suspends the mirror so the business can run on it (forced through the mirror's array
  // when the source array is gone; docs/disaster-recovery.md).
  failover: cfg.getBoolean("failover") ?? false,
});

export const businessVolumeId = session.sourceVolumeId;
export const mirrorVolumeId = mirror.volumeId;
export const mirrorCapacityMb = mirror.capacityMb;
export const copySessionId = session.copySessionId;
export const transferMode = session.transferMode;
export const splitMode = session.splitMode;
export const direction = session.direction;
export const status = session.status;
export const phase = session.phase;
