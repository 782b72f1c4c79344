/** RemoteVolume's descriptor for the registry (resources/registry.ts). */
import { resourceModule } from "../resource-module";
import { importById } from "./import";
import * as provider from "./provider";
import { RemoteVolume } from "./resource";

export const remoteVolumeModule = resourceModule({ kind: "RemoteVolume", methods: { ...provider, importById }, resourceClass: RemoteVolume });
