/**
 * The manual's restore procedure as desired state. `direction` (stack config, default Forward):
 *   Forward: business volume (sourceArray) -> mirror (destinationArray), the normal mirror;
 *   Reverse: mirror -> business volume. `pulumi up` suspends, reverses and resumes the session and waits
 *            until the business volume is Equivalent to the mirror again (its own writes since the
 *            suspend are overwritten).
 * Back to Forward: suspend -> reverse -> resume -> Equivalent, the mirror protects the business volume again.
 */
import * as pulumi from "@pulumi/pulumi";
import { RemoteVolume, RecSyncSession } from "pulumi-eternus-rec";

const cfg = new pulumi.Config();
const sourceArray = cfg.get("sourceArray") ?? "site-a";
const sourceVolumeId = cfg.getNumber("sourceVolumeId") ?? 100000;
const destinationArray = cfg.get("destinationArray") ?? "site-b";
const direction = (cfg.get("direction") ?? "Forward") as "Forward" | "Reverse";

const mirror = new RemoteVolume("mirror", {
  array: destinationArray,
  name: cfg.get("mirrorName") ?? "business_vol01_r",
  sizeFrom: { array: sourceArray, volumeId: sourceVolumeId },
  tppId: cfg.getNumber("tppId") ?? 0,
});

const session = new RecSyncSession("rec", {
  sourceArray,
  sourceVolumeId,
  destinationArray,
  destinationVolumeId: mirror.volumeId,
  direction,
});

export const requestedDirection = direction;
export const sessionDirection = session.direction;
export const status = session.status;
export const phase = session.phase;
export const copySessionId = session.copySessionId;
export const mirrorVolumeId = mirror.volumeId;
