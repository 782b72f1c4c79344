/**
 * The plugin's resource types: one `eternus:index:<Kind>` token per kind the stable entry serves
 * (provider/entry.ts). The methods behind each token are entry.ts's `provider(kind, version)`: the plugin
 * writes no resource logic of its own.
 */
import { provider, SHELL_VERSIONS, type ProviderImplementation, type StoredResourceKind } from "../entry";
import { RESOURCE_KINDS, RESOURCE_MODULES } from "../resources/registry";
import { packageTypeToken } from "../resources/resource-module";

export const PACKAGE_NAME = "eternus";
/** The registry's kinds (provider/resources/registry.ts): a new kind is served by the plugin too. */
export const KINDS: readonly StoredResourceKind[] = RESOURCE_KINDS;
/** The plugin has no stored shell: it serves the newest shell's implementation. */
const NEWEST_SHELL_VERSION = SHELL_VERSIONS[SHELL_VERSIONS.length - 1];

export function typeToken(kind: StoredResourceKind): string {
  return packageTypeToken(kind);
}

/** The kind of a type token, or undefined for a type this plugin does not serve. */
export function kindOfType(type: string): StoredResourceKind | undefined {
  return KINDS.find((k) => typeToken(k) === type);
}

/** The type token of a URN: `urn:pulumi:<stack>::<project>::<parent$...$type>::<name>`. */
export function urnParts(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return { type: qualified.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

export function implementationFor(kind: StoredResourceKind): ProviderImplementation {
  return provider(kind, NEWEST_SHELL_VERSION);
}

/** Whether `kind` can be read by id alone (`pulumi import`, the import resource option). */
export function importsById(kind: StoredResourceKind): boolean {
  return RESOURCE_MODULES[kind].methods.importById !== undefined;
}
