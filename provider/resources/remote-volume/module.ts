/** RemoteVolume's descriptor for the registry (resources/registry.ts). */
import { resourceModule } from "../resource-module";
import * as methods from "./provider";
import { RemoteVolume } from "./resource";

export const remoteVolumeModule = resourceModule({ kind: "RemoteVolume", methods, resourceClass: RemoteVolume });
