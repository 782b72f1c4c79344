/**
 * pulumi-eternus-rec: Pulumi resources for Fujitsu ETERNUS AF/DX REC (Remote Equivalent Copy) mirrors.
 *
 * Arrays are named connections in stack config (`eternus:arrays.<name>.endpoint|username|password|...`,
 * see provider/config.ts); resources refer to them by name and never carry credentials.
 */
import { RESOURCE_MODULES } from "./resources/registry";

// The classes are named exports one by one: a program's typing (`new RemoteVolume(name, args, opts)`) needs
// the class's own type, which a registry lookup would widen.
export { RemoteVolume, remoteVolumeProvider } from "./resources/remote-volume/resource";
export type { RemoteVolumeArgs, RemoteVolumeOutputs, RemoteVolumeInputs } from "./resources/remote-volume/resource";
export { RecSyncSession, recSyncSessionProvider } from "./resources/rec-sync-session/resource";
export type { RecSyncSessionArgs, RecSyncSessionOutputs, RecSyncSessionInputs, TransferModeName } from "./resources/rec-sync-session/resource";
export { RecSessionGroup } from "./resources/rec-session-group/resource";
export type { RecSessionGroupArgs, RecSessionGroupInputs, RecSessionGroupOutputs } from "./resources/rec-session-group/resource";
export { MirroredVolume, MIRRORED_VOLUME_TYPE } from "./resources/mirrored-volume/component";
export type { MirroredVolumeArgs } from "./resources/mirrored-volume/component";
export { MirroredVolumeGroup, MIRRORED_VOLUME_GROUP_TYPE } from "./resources/mirrored-volume-group/component";
export type { MirroredVolumeGroupArgs, GroupVolume } from "./resources/mirrored-volume-group/component";
export { PROVIDER_VERSION } from "./version";
export { RESOURCE_KINDS, type ResourceKind } from "./resources/registry";
/** Type tokens, fixed forever (renaming changes URNs); derived from the kinds in the registry. */
export const REMOTE_VOLUME_TYPE = RESOURCE_MODULES.RemoteVolume.type;
export const REC_SYNC_SESSION_TYPE = RESOURCE_MODULES.RecSyncSession.type;
export const REC_SESSION_GROUP_TYPE = RESOURCE_MODULES.RecSessionGroup.type;
