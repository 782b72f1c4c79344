/**
 * The registry is the one list of kinds (provider/resources/registry.ts): the entry serves exactly its kinds
 * in every shell version, the package index exports each kind's class and type token, and each descriptor
 * is filed under its own kind. A kind added to one of these and not to the registry (or the reverse) fails.
 */
import * as assert from "assert";
import * as entry from "../../../provider/entry";
import * as index from "../../../provider/index";
import type { ResourceKind as LogKind } from "../../../provider/log";
import { RESOURCE_KINDS, RESOURCE_MODULES, type ResourceKind } from "../../../provider/resources/registry";
import { typeToken } from "../../../provider/resources/resource-module";

// log.ts's kind union is the registry's, both ways (a compile error otherwise).
const logKinds: Record<LogKind, true> = { RemoteVolume: true, RecSyncSession: true, RecSessionGroup: true };
const registryKinds: Record<ResourceKind, true> = logKinds;
void registryKinds;

/** REMOTE_VOLUME_TYPE for RemoteVolume. */
const constantName = (kind: string) => `${kind.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}_TYPE`;

describe("resource registry", function () {
  it("files each descriptor under its own kind, with the type token derived from it", function () {
    for (const kind of RESOURCE_KINDS) {
      assert.strictEqual(RESOURCE_MODULES[kind].kind, kind);
      assert.strictEqual(RESOURCE_MODULES[kind].type, `pulumi-nodejs:dynamic/eternus:${kind}`);
    }
  });

  it("the entry serves every registry kind in shell versions 0, 1 and 2, and no other kind", function () {
    assert.deepStrictEqual([...entry.SHELL_VERSIONS], [0, 1, 2]);
    for (const kind of RESOURCE_KINDS) {
      for (const v of entry.SHELL_VERSIONS) {
        const impl = entry.provider(kind, v);
        for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"] as const) assert.strictEqual(typeof impl[m], "function", `${kind} v${v} ${m}`);
        assert.strictEqual(typeof entry.shell(kind, v).create, "function");
      }
    }
    assert.throws(() => entry.provider("RecSessionGroupNotRegistered", 2), (e: { code?: string }) => e.code === "ERR_CONFIG");
    assert.throws(() => entry.provider("RemoteVolume", 3), (e: { code?: string }) => e.code === "ERR_CONFIG");
  });

  it("the package index exports each registry kind's class and type token, and no token of an unregistered kind", function () {
    const exported = index as unknown as Record<string, unknown>;
    for (const kind of RESOURCE_KINDS) {
      assert.strictEqual(exported[kind], RESOURCE_MODULES[kind].resourceClass, `index exports class ${kind}`);
      assert.strictEqual(exported[constantName(kind)], typeToken(kind), `index exports ${constantName(kind)}`);
    }
    const dynamicTokens = Object.entries(exported)
      .filter(([k, v]) => k.endsWith("_TYPE") && typeof v === "string" && v.startsWith("pulumi-nodejs:dynamic/"))
      .map(([, v]) => v);
    assert.deepStrictEqual(dynamicTokens.sort(), RESOURCE_KINDS.map((k) => typeToken(k)).sort());
    assert.deepStrictEqual([...index.RESOURCE_KINDS].sort(), [...RESOURCE_KINDS].sort());
  });
});
