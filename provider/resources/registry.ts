/**
 * The ONE list of resource kinds. Adding a kind: a new folder with its module.ts descriptor
 * (resource-module.ts) and one line here. entry.ts, log.ts and index.ts read this list; stored states
 * name kinds by these keys, so a kind is never renamed nor removed (docs/architecture.md).
 */
import { recSyncSessionModule } from "./rec-sync-session/module";
import { remoteVolumeModule } from "./remote-volume/module";
import { recSessionGroupModule } from "./rec-session-group/module";

export const RESOURCE_MODULES = {
  RemoteVolume: remoteVolumeModule,
  RecSyncSession: recSyncSessionModule,
  RecSessionGroup: recSessionGroupModule,
} as const;

export type ResourceKind = keyof typeof RESOURCE_MODULES;

export const RESOURCE_KINDS = Object.keys(RESOURCE_MODULES) as ResourceKind[];

export function isResourceKind(kind: string): kind is ResourceKind {
  return Object.prototype.hasOwnProperty.call(RESOURCE_MODULES, kind);
}
