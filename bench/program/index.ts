/**
 * The bench's Pulumi program: one MirroredVolume per business volume listed in config `sourceVolumeIds`
 * (JSON array of REST volume ids on site-a), mirrored to a TPV in pool 0 on site-b.
 */
import * as pulumi from "@pulumi/pulumi";
import { MirroredVolume } from "pulumi-eternus-rec";

const config = new pulumi.Config();
const ids = config.requireObject<number[]>("sourceVolumeIds");
const transferMode = (config.get("transferMode") ?? "Synchronous") as "Synchronous" | "Consistency";

export const phases = ids.map((volumeId, i) => new MirroredVolume(`m${i}`, {
  source: { array: "site-a", volumeId },
  destination: { array: "site-b", tppId: 0, name: `bench_mirror_${i}` },
  transferMode,
}).phase);
