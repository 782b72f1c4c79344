/** RecSessionGroup's descriptor for the registry (resources/registry.ts). */
import { resourceModule } from "../resource-module";
import * as methods from "./provider";
import { RecSessionGroup } from "./resource";

export const recSessionGroupModule = resourceModule({ kind: "RecSessionGroup", methods, resourceClass: RecSessionGroup });
