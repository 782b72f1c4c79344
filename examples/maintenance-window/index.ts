/**
 * A maintenance window on the copy path (or a burst of host writes): synchronous REC makes every host write
 * wait for the remote array, so for the window the session runs asynchronously (Consistency, or Stack),
 * then returns to Synchronous with split mode Automatic.
 *
 *   pulumi config set maintenance true    -> suspend -> PATCH transfer_mode Consistency -> resume
 *   pulumi config set maintenance false   -> suspend -> PATCH transfer_mode Synchronous -> PATCH split_mode
 *                                            Automatic (the array left it Manual) -> resume -> Equivalent
 */
import * as pulumi from "@pulumi/pulumi";
import { RemoteVolume, RecSyncSession } from "pulumi-eternus-rec";

const cfg = new pulumi.Config();
const sourceArray = cfg.get("sourceArray") ?? "site-a";
const sourceVolumeId = cfg.getNumber("sourceVolumeId") ?? 100000;
const destinationArray = cfg.get("destinationArray") ?? "site-b";
const maintenance = cfg.getBoolean("maintenance") ?? false;
const asyncMode = (cfg.get("asyncMode") ?? "Consistency") as "Consistency" | "Stack";

const mirror = new RemoteVolume("mirror", {
  array: destinationArray,
  name: cfg.get("mirrorName") ?? "business_vol01_w",
  sizeFrom: { array: sourceArray, volumeId: sourceVolumeId },
  tppId: cfg.getNumber("tppId") ?? 0,
});

const session = new RecSyncSession("rec", {
  sourceArray,
  sourceVolumeId,
  destinationArray,
  destinationVolumeId: mirror.volumeId,
  // splitMode applies to Synchronous only; outside the window it is declared, so it is re-sent on return.
  ...(maintenance
    ? { transferMode: asyncMode }
    : { transferMode: "Synchronous" as const, splitMode: "Automatic" as const }),
});

export const inMaintenance = maintenance;
export const transferMode = session.transferMode;
export const splitMode = session.splitMode;
export const status = session.status;
export const phase = session.phase;
