/** RecSyncSession's descriptor for the registry (resources/registry.ts). */
import { resourceModule } from "../resource-module";
import * as methods from "./provider";
import { RecSyncSession } from "./resource";

export const recSyncSessionModule = resourceModule({ kind: "RecSyncSession", methods, resourceClass: RecSyncSession });
