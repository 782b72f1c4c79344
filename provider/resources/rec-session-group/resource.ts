/**
 * RecSessionGroup: the REC sessions of one application's volumes, suspended and failed over at one point in
 * time (one multi-suspend request per array). Shapes: schema.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import { EternusResource } from "../common/eternus-resource";
import { KEYS, type RecSessionGroupArgs, type RecSessionGroupOutputProperties } from "./schema";

export type { RecSessionGroupArgs, RecSessionGroupInputs, RecSessionGroupOutputs } from "./schema";

export interface RecSessionGroup extends RecSessionGroupOutputProperties {}

/** A consistency group of REC sessions (type token pulumi-nodejs:dynamic/eternus:RecSessionGroup). */
export class RecSessionGroup extends EternusResource {
  constructor(name: string, args: RecSessionGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super("RecSessionGroup", KEYS, name, args, opts);
  }
}
