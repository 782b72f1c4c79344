/**
 * Disaster-recovery pairs, one stack per site. The stack's config names the site's array (`site`), the
 * array that receives the mirrors (`peer`) and the volumes to mirror (`mirrors`); `eternus:arrays` holds
 * both arrays' connections, passwords as secrets. `pulumi up --stack tokyo` mirrors Tokyo's volumes to
 * Osaka, `pulumi up --stack osaka` the other way round; the two stacks never touch the same volume.
 */
import * as pulumi from "@pulumi/pulumi";
import { RemoteVolume, RecSyncSession } from "pulumi-eternus-rec";

interface MirrorSpec {
  /** REST volume_id of the business volume on the site's array. */
  sourceVolumeId: number;
  /** Name of the mirror volume created on the peer array (1-32 characters). */
  mirrorName: string;
  /** Thin pool on the peer array. */
  tppId: number;
  /** Default Synchronous. */
  transferMode?: "Synchronous" | "Consistency" | "Stack";
}

const cfg = new pulumi.Config();
const site = cfg.require("site");
const peer = cfg.require("peer");
const mirrors = cfg.requireObject<MirrorSpec[]>("mirrors");

const result: Record<string, pulumi.Output<unknown>> = {};
for (const m of mirrors) {
  const volume = new RemoteVolume(`${m.mirrorName}`, {
    array: peer,
    name: m.mirrorName,
    sizeFrom: { array: site, volumeId: m.sourceVolumeId },
    tppId: m.tppId,
  });
  const session = new RecSyncSession(`${m.mirrorName}-rec`, {
    sourceArray: site,
    sourceVolumeId: m.sourceVolumeId,
    destinationArray: peer,
    destinationVolumeId: volume.volumeId,
    transferMode: m.transferMode ?? "Synchronous",
  });
  result[m.mirrorName] = pulumi.all([volume.volumeId, session.copySessionId, session.transferMode, session.status, session.phase])
    .apply(([volumeId, copySessionId, transferMode, status, phase]) => ({ volumeId, copySessionId, transferMode, status, phase }));
}

export const siteArray = site;
export const peerArray = peer;
export const mirrorsBySite = result;
