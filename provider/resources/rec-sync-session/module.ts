/** RecSyncSession's descriptor for the registry (resources/registry.ts). */
import { resourceModule } from "../resource-module";
import { importById } from "./import";
import * as provider from "./provider";
import { RecSyncSession } from "./resource";

export const recSyncSessionModule = resourceModule({ kind: "RecSyncSession", methods: { ...provider, importById }, resourceClass: RecSyncSession });
