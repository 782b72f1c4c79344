/**
 * Inputs every Resource class adds besides the user's: the package version (an upgrade shows as an
 * in-place update that re-writes the stored shell, docs/dynamic-provider-rules.md docs/dynamic-provider-rules.md#rule-13-provider-version-input), the Pulumi name
 * (the log label) and the URN (lines attach to the resource). diff ignores the last two.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PROVIDER_VERSION } from "../../version";
import { stringRule } from "./field-rules";

export const bookkeepingShape = {
  providerVersion: stringRule().optional(),
  resourceName: stringRule().optional(),
  resourceUrn: stringRule().optional(),
  /**
   * The engine's customTimeout for this one call (the plugin sets it, provider/plugin/timeouts.ts): a bound
   * for kinds without a timeoutSeconds input. Never declared, never stored.
   */
  callTimeoutSeconds: z.number().positive().optional(),
};
export const BOOKKEEPING_KEYS = Object.keys(bookkeepingShape) as (keyof typeof bookkeepingShape)[];

/**
 * The state fields only the provider sets (registered as undefined outputs): the outputs schema's keys that
 * are neither declared inputs nor bookkeeping. Derived, so a new output field cannot be forgotten here.
 */
export function outputOnlyKeys(outputs: z.ZodObject, declared: readonly string[]): readonly string[] {
  const skip = new Set<string>([...declared, ...BOOKKEEPING_KEYS]);
  return Object.keys(outputs.shape).filter((k) => !skip.has(k));
}

/** A resource's key lists, derived from its schemas: what its Resource class registers. */
export function resourceKeys<D extends z.ZodObject>(declared: D, outputs: z.ZodObject): { declared: (keyof z.input<D> & string)[]; outputOnly: readonly string[] } {
  const keys = Object.keys(declared.shape) as (keyof z.input<D> & string)[];
  return { declared: keys, outputOnly: outputOnlyKeys(outputs, keys) };
}

/**
 * The props a Resource class sends: the declared args and the outputs as undefined, with the bookkeeping
 * inputs when it is a dynamic resource (the plugin takes name and URN from its requests instead).
 */
export function resourceProps(
  type: string, name: string, args: Record<string, unknown>, keys: { declared: readonly string[]; outputOnly: readonly string[] },
  opts: pulumi.CustomResourceOptions | undefined, withBookkeeping = true,
): pulumi.Inputs {
  const props: pulumi.Inputs = withBookkeeping ? {
    providerVersion: PROVIDER_VERSION,
    resourceName: name,
    resourceUrn: urnWithoutDependencies(name, type, opts?.parent),
  } : {};
  for (const k of keys.declared) props[k] = args[k];
  for (const k of keys.outputOnly) props[k] = undefined;
  return props;
}

/**
 * The resource's own URN as a plain value. createUrn's Output depends on the parent, and a dependency on a
 * component means a dependency on all its children, this resource included: the registration would wait
 * for itself. A Promise carries no dependencies.
 */
function urnWithoutDependencies(name: string, type: string, parent: pulumi.Resource | undefined): Promise<string> {
  return new Promise((resolve) => { pulumi.createUrn(name, type, parent).apply((urn) => resolve(urn)); });
}
