/** RecSessionGroup's descriptor for the registry (resources/registry.ts). */
import { resourceModule } from "../resource-module";
import { importById } from "./import";
import * as methods from "./provider";
import { RecSessionGroup } from "./resource";

export const recSessionGroupModule = resourceModule({ kind: "RecSessionGroup", methods: { ...methods, importById }, resourceClass: RecSessionGroup });
