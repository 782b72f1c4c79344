/**
 * pulumi-eternus-rec: Pulumi resources for Fujitsu ETERNUS AF/DX REC (Remote Equivalent Copy) mirrors.
 *
 * Arrays are named connections in stack config (`eternus:arrays.<name>.endpoint|username|password|...`,
 * see provider/config.ts); resources refer to them by name and never carry credentials.
 */
export { RemoteVolume, remoteVolumeProvider } from "./resources/remote-volume/resource";
export type { RemoteVolumeArgs, RemoteVolumeOutputs, RemoteVolumeInputs } from "./resources/remote-volume/resource";
export { RecSyncSession, recSyncSessionProvider } from "./resources/rec-sync-session/resource";
export type { RecSyncSessionArgs, RecSyncSessionOutputs, RecSyncSessionInputs, TransferModeName } from "./resources/rec-sync-session/resource";
export { MirroredVolume, MIRRORED_VOLUME_TYPE } from "./resources/mirrored-volume/component";
export type { MirroredVolumeArgs } from "./resources/mirrored-volume/component";
export { PROVIDER_VERSION } from "./version";
/** Type tokens, fixed forever (renaming changes URNs). */
export const REMOTE_VOLUME_TYPE = "pulumi-nodejs:dynamic/eternus:RemoteVolume";
export const REC_SYNC_SESSION_TYPE = "pulumi-nodejs:dynamic/eternus:RecSyncSession";
