/**
 * The permanent entry of the code Pulumi stores in every stack's state.
 *
 * Each resource's stored shell holds only `require("pulumi-eternus-rec/provider-entry").shell("<Kind>", 2)`
 * (shell version 2, resources/common/shell.ts storedShellText); the 0.2.0 shells (version 1) call
 * `.provider("<Kind>", 1)` and delegate every method to what it returns. `refresh` and `destroy` run that stored text against whatever version of the
 * package is installed, so this module, its package export and the signature of `provider()` are a
 * contract with every state ever written:
 *
 * - Never rename or move the export `pulumi-eternus-rec/provider-entry` (package.json `exports`), nor its
 *   functions provider() and shell().
 * - Never remove a kind or a shell version; a new shell contract gets a new version number here.
 * - Files may move freely behind this entry. The 0.1.0 shells required two implementation files and the
 *   config module by their dist paths; resources/rec-sync-session-impl.ts, resources/remote-volume-impl.ts
 *   and config.ts stay at those paths as forwarders (shell version 0). Fixture and test:
 *   test/fixtures/state-0.1.0/ and test/provider/entry-compat.test.ts.
 * See docs/architecture.md, "Stored state and the stable entry".
 */
import type * as pulumi from "@pulumi/pulumi";
import { EternusConfigError } from "./client/errors";
import { configureProvider } from "./config";
import { flushEngineLogs } from "./engine-log";
import { isImportRead } from "./resources/common/import-id";
import type { Props } from "./resources/common/unknown";
import { isResourceKind, RESOURCE_MODULES, type ResourceKind } from "./resources/registry";
import type { ProviderImplementation, ResourceMethods } from "./resources/resource-module";

export type { ProviderImplementation };
/** The kinds stored states may name: the registry's (never remove one). */
export type StoredResourceKind = ResourceKind;

/**
 * Shell versions this package serves: 0 = the 0.1.0 shells (through the forwarders), 1 = the serialized
 * provider object of 0.2.0 (common/shell.ts providerShell), 2 = the stored text that calls shell() below.
 */
export const SHELL_VERSIONS = [0, 1, 2] as const;

const configure: ProviderImplementation["configure"] = async (shell, req) => configureProvider(shell, req);

/** A method returns only once the engine has every line it sent (they attach to the resource's step). */
function flushed<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } finally {
      await flushEngineLogs();
    }
  };
}

function implementation(m: ResourceMethods): ProviderImplementation {
  return {
    configure,
    check: m.check,
    diff: flushed(m.diff),
    create: flushed(m.create),
    // No stored state (only bookkeeping): an import by id, for the kinds that can (the plugin's Read).
    read: flushed((shell: object, id: string, props: Props) => (m.importById && isImportRead(props ?? {}) ? m.importById(shell, id, props) : m.read(shell, id, props ?? {}))),
    update: flushed(m.update),
    delete: flushed(m.remove),
  };
}

const implementations = new Map<ResourceKind, ProviderImplementation>();

function implementationOf(kind: ResourceKind): ProviderImplementation {
  let impl = implementations.get(kind);
  if (!impl) implementations.set(kind, impl = implementation(RESOURCE_MODULES[kind].methods));
  return impl;
}

/** The module shape the 0.1.0 shells expect of their implementation file (`remove` is delete). */
export function legacyImplementation(kind: StoredResourceKind) {
  const impl = () => provider(kind, 0);
  return {
    check: (shell: object, olds: Props, news: Props) => impl().check(shell, olds, news),
    diff: (shell: object, id: string, olds: Props, news: Props) => impl().diff(shell, id, olds, news),
    create: (shell: object, inputs: Props) => impl().create(shell, inputs),
    read: (shell: object, id: string, props: Props) => impl().read(shell, id, props),
    update: (shell: object, id: string, olds: Props, news: Props) => impl().update(shell, id, olds, news),
    remove: (shell: object, id: string, props: Props) => impl().delete(shell, id, props),
  };
}

/**
 * The provider object a stored version-2 text (common/shell.ts storedShellText) hands the plugin host:
 * each method delegates to the implementation, passing the object itself (the key of its configuration
 * and runtime). Part of the contract like provider(): never rename nor remove.
 */
export function shell(kind: string, shellVersion: number): pulumi.dynamic.ResourceProvider {
  const impl = provider(kind, shellVersion);
  return {
    configure(req) { return impl.configure(this, req as Parameters<ProviderImplementation["configure"]>[1]); },
    check(olds, news) { return impl.check(this, olds, news); },
    diff(id, olds, news) { return impl.diff(this, id, olds, news); },
    create(inputs) { return impl.create(this, inputs); },
    read(id, props) { return impl.read(this, id, props ?? {}); },
    update(id, olds, news) { return impl.update(this, id, olds, news); },
    delete(id, props) { return impl.delete(this, id, props); },
  };
}

/** The implementation a stored shell of `kind` and `shellVersion` delegates to. */
export function provider(kind: string, shellVersion: number): ProviderImplementation {
  if (!isResourceKind(kind)) {
    throw new EternusConfigError(`pulumi-eternus-rec: the state holds a resource kind "${kind}" this package version does not know; install the release that wrote it (or a newer one)`);
  }
  if (!(SHELL_VERSIONS as readonly number[]).includes(shellVersion)) {
    throw new EternusConfigError(`pulumi-eternus-rec: the state was written by a newer release (provider shell version ${shellVersion}, this package serves ${SHELL_VERSIONS.join(", ")}); upgrade pulumi-eternus-rec in the project`);
  }
  return implementationOf(kind);
}
