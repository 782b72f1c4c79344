/**
 * Quick start (`npm run demo` runs it against the embedded simulator): a MirroredVolume of the business
 * volume `business_vol01` (REST volume_id 100000) on array site-a, mirrored to a new volume on site-b
 * with REC. The arrays' connections come from stack config, `eternus:arrays.<name>.*`:
 *
 *   pulumi config set --path 'eternus:arrays.site-a.endpoint' https://<address>:5665
 *   pulumi config set --path 'eternus:arrays.site-a.username' <user>
 *   pulumi config set --secret --path 'eternus:arrays.site-a.password' <password>
 *   pulumi config set --path 'eternus:arrays.site-a.caCertFile' <CA that signed the array's certificate>
 *   (the same for site-b)
 *
 * `pulumi config set transferMode Consistency` switches the session to asynchronous transfer in place
 * (suspend -> PATCH -> resume); `Synchronous` switches it back.
 */
import * as pulumi from "@pulumi/pulumi";
import { MirroredVolume } from "pulumi-eternus-rec";

const config = new pulumi.Config();
const transferMode = (config.get("transferMode") ?? "Synchronous") as "Synchronous" | "Consistency" | "Stack";

const mirror = new MirroredVolume("business_vol01_mirror", {
  source: { array: "site-a", volumeId: 100000 },       // business_vol01
  destination: { array: "site-b", tppId: 0 },           // a TPV in thin pool 0, named like the component
  transferMode,
});

export const mirrorVolumeId = mirror.destinationVolumeId;
export const copySessionId = mirror.copySessionId;
export const sessionTransferMode = mirror.session.transferMode;
export const status = mirror.status;
export const phase = mirror.phase;
