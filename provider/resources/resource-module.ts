/**
 * What one resource kind is: a folder under provider/resources/ that exports ONE descriptor of this shape
 * (its module.ts), listed once in registry.ts. entry.ts (dispatch), log.ts (the kind union) and index.ts
 * (type tokens) read the registry, so adding a kind touches no file outside its folder but registry.ts.
 * See docs/architecture.md, "How to add a resource".
 */
import type { configureProvider } from "../config";
import type { Props } from "./common/unknown";

/** What a shell delegates to; `shell` is the provider object the plugin host called (config, runtime). */
export interface ProviderImplementation {
  configure(shell: object, req: Parameters<typeof configureProvider>[1]): Promise<void>;
  check(shell: object, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(shell: object, id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  create(shell: object, inputs: Props): Promise<{ id: string; outs: Props }>;
  read(shell: object, id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }>;
  update(shell: object, id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(shell: object, id: string, props: Props): Promise<void>;
}

/** The methods a resource's provider.ts exports; configure is common (config.ts), `remove` is delete. */
export type ResourceMethods = Pick<ProviderImplementation, "check" | "diff" | "create" | "read" | "update"> & {
  remove: ProviderImplementation["delete"];
  /**
   * Read by id alone (an import: no stored state; `bookkeeping` holds only resourceName/resourceUrn).
   * Answers like read, with the inputs a program declares for the object. Optional: a kind without it
   * answers ERR_IMPORT_UNSUPPORTED.
   */
  importById?: (shell: object, id: string, bookkeeping: Props) => Promise<{ id: string; props: Props; inputs?: Props }>;
};

/** The type token of a kind: fixed forever, since renaming it changes every URN. */
export function typeToken<K extends string>(kind: K): `pulumi-nodejs:dynamic/eternus:${K}` {
  return `pulumi-nodejs:dynamic/eternus:${kind}`;
}

/** The type token of a kind in the provider plugin's package schema (provider/plugin): fixed forever too. */
export function packageTypeToken<K extends string>(kind: K): `eternus:index:${K}` {
  return `eternus:index:${kind}`;
}

export interface ResourceModule<K extends string = string> {
  /** The name stored shells pass to provider()/shell() and the log label's type; never renamed. */
  readonly kind: K;
  readonly type: `pulumi-nodejs:dynamic/eternus:${K}`;
  /** The provider methods (thin wrappers over the folder's check/plan/steps). */
  readonly methods: ResourceMethods;
  /** The Resource class programs construct (`new <Kind>(name, args, opts)`). */
  readonly resourceClass: abstract new (...args: never[]) => object;
}

/** A descriptor whose type token is derived from its kind (one source of truth). */
export function resourceModule<K extends string>(m: Omit<ResourceModule<K>, "type">): ResourceModule<K> {
  return { ...m, type: typeToken(m.kind) };
}
