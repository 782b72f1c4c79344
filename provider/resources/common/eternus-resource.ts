/**
 * The one shape of every Resource class: in a program, a dynamic resource (the pulumi-nodejs plugin host
 * runs it) whose stored provider is the small text of shell version 2 (shell.ts storedShellText), not
 * pulumi.dynamic.Resource's serialized object; inside the provider plugin, the package's own type
 * (registration.ts). Each kind's class only names its kind and keys, so its
 * public typing (`new RemoteVolume(name, args, opts)`, typed outputs) stays its own.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../registry";
import { resourceProps } from "./bookkeeping";
import { registrationOf } from "./registration";
import { storedShellText } from "./shell";

/** The keys a class registers: declared args, and the outputs only the provider sets. */
export interface ResourceKeys {
  declared: readonly string[];
  outputOnly: readonly string[];
}

export abstract class EternusResource extends pulumi.CustomResource {
  protected constructor(kind: ResourceKind, keys: ResourceKeys, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const { type, dynamic } = registrationOf(kind);
    const props = resourceProps(type, name, args as Record<string, unknown>, keys, opts, dynamic);
    super(type, name, dynamic ? { ...props, __provider: storedShellText(kind) } : props, opts);
  }
}
