/**
 * The bench's Pulumi program: one MirroredVolume per business volume listed in config `sourceVolumeIds`
 * (JSON array of REST volume ids on site-a), mirrored to a TPV in pool 0 on site-b; with config `group`
 * true, ONE MirroredVolumeGroup over all of them instead (one RecSessionGroup).
 */
import * as pulumi from "@pulumi/pulumi";
import { MirroredVolume, MirroredVolumeGroup } from "pulumi-eternus-rec";

const config = new pulumi.Config();
const ids = config.requireObject<number[]>("sourceVolumeIds");
const transferMode = (config.get("transferMode") ?? "Synchronous") as "Synchronous" | "Consistency";

export const phases = config.getBoolean("group")
  ? new MirroredVolumeGroup("g", {
    sourceArray: "site-a",
    destination: { array: "site-b", tppId: 0 },
    volumes: ids.map((volumeId, i) => ({ volumeId, mirrorName: `bench_mirror_${i}` })),
    transferMode,
  }).group.sessions.apply((list) => list.map((s) => s.phase))
  : ids.map((volumeId, i) => new MirroredVolume(`m${i}`, {
    source: { array: "site-a", volumeId },
    destination: { array: "site-b", tppId: 0, name: `bench_mirror_${i}` },
    transferMode,
  }).phase);
