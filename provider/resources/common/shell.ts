/**
 * What the state stores as `__provider` (shell version 2): a few hundred bytes of hand-written module text
 * the plugin host loads with require-from-string. Pulumi's dynamic.Resource would serialize a provider
 * object instead, ~2.7 KB of closure text per resource, and the host copies `__provider` into the outputs
 * too (refresh and destroy get only those), so every resource stored it twice. The text requires only the
 * permanent entry by package name and asks it for the kind's shell.
 */
export function storedShellText(kind: ResourceKind): string {
  return `exports.handler=()=>{let m;try{m=require("pulumi-eternus-rec/provider-entry")}catch(e){throw new Error("pulumi-eternus-rec: cannot load the provider ("+e.message+"); install the package in the Pulumi project")}return m.shell(${JSON.stringify(kind)},2)};`;
}

/**
 * Shell version 1, the THIN serialized shell Pulumi stores in the state of every resource (docs/dynamic-provider-rules.md,
 * rule 15). Each method asks the package's permanent entry (provider/entry.ts) for the implementation of
 * `kind` and delegates, so the state holds a small text, no credentials, and `refresh` or `destroy` run the
 * installed code. The object has no own fields; its methods capture nothing but `kind` (a string).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../registry";
import type { ProviderImplementation } from "../resource-module";

export interface ProviderShell extends pulumi.dynamic.ResourceProvider {
  /** The implementation, resolved by package name from the program's working directory. */
  e(): ProviderImplementation;
}

export function providerShell(kind: ResourceKind): ProviderShell {
  return {
    e() {
      try {
        return require("pulumi-eternus-rec/provider-entry").provider(kind, 1);
      } catch (e) {
        throw new Error(`pulumi-eternus-rec: cannot load the provider (${(e as Error).message}); install the package in the Pulumi project (node_modules/pulumi-eternus-rec), not only bundled`);
      }
    },
    configure(req) { return this.e().configure(this, req); },
    check(olds, news) { return this.e().check(this, olds, news); },
    diff(id, olds, news) { return this.e().diff(this, id, olds, news); },
    create(inputs) { return this.e().create(this, inputs); },
    read(id, props) { return this.e().read(this, id, props ?? {}); },
    update(id, olds, news) { return this.e().update(this, id, olds, news); },
    delete(id, props) { return this.e().delete(this, id, props); },
  };
}
