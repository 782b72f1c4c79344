/**
 * The committed plugin schema (provider/plugin/schema.json: what SDK generation and reviewers read) is what
 * the zod schemas and their JSDoc generate now; it fails when they drift. Fix: `npm run schema`.
 */
import * as assert from "assert";
import { BOOKKEEPING_KEYS } from "../../../provider/resources/common/bookkeeping";
import * as fs from "fs";
import * as path from "path";
import { PROVIDER_VERSION } from "../../../provider/version";
import { packageSchema, schemaJson } from "../../../provider/plugin/schema";
import { declaredSchema as sessionDeclared, outputsSchema as sessionOutputs } from "../../../provider/resources/rec-sync-session/schema";
import { declaredSchema as volumeDeclared } from "../../../provider/resources/remote-volume/schema";

const ROOT = path.resolve(__dirname, "../../../..");

describe("provider/plugin/schema", () => {
  it("provider/plugin/schema.json is what the code generates (run `npm run schema` after changing a schema.ts)", () => {
    const committed = fs.readFileSync(path.join(ROOT, "provider/plugin/schema.json"), "utf8");
    assert.strictEqual(committed, schemaJson(ROOT, PROVIDER_VERSION));
  });

  it("declares every declared input and every output of each resource, and no bookkeeping input", () => {
    const s = packageSchema(ROOT, PROVIDER_VERSION) as { resources: Record<string, { inputProperties: object; properties: object; requiredInputs: string[] }> };
    const session = s.resources["eternus:index:RecSyncSession"]!;
    assert.deepStrictEqual(Object.keys(session.inputProperties).sort(), Object.keys(sessionDeclared.shape).sort());
    const outputKeys = Object.keys(sessionOutputs.shape).filter((k) => !(BOOKKEEPING_KEYS as readonly string[]).includes(k));
    assert.deepStrictEqual(Object.keys(session.properties).sort(), outputKeys.sort());
    assert.deepStrictEqual(session.requiredInputs, ["destinationArray", "destinationVolumeId", "sourceArray"]);
    const volume = s.resources["eternus:index:RemoteVolume"]!;
    assert.deepStrictEqual(Object.keys(volume.inputProperties).sort(), Object.keys(volumeDeclared.shape).sort());
  });

  it("takes field descriptions from the schema.ts JSDoc and lists enum values", () => {
    const s = packageSchema(ROOT, PROVIDER_VERSION) as { resources: Record<string, { inputProperties: Record<string, { description?: string }> }> };
    const mode = s.resources["eternus:index:RecSyncSession"]!.inputProperties.transferMode!.description!;
    assert.match(mode, /^Default Synchronous\. A change is done in place/);
    assert.match(mode, /One of: Synchronous, Consistency, Stack\.$/);
  });

  it("describes each component from its own schema.ts and its resources': an input and an output of one name keep their own texts", () => {
    type Spec = { description?: string; $ref?: string };
    type Res = { isComponent?: boolean; inputProperties: Record<string, Spec>; properties: Record<string, Spec>; requiredInputs: string[] };
    const s = packageSchema(ROOT, PROVIDER_VERSION) as { resources: Record<string, Res> };
    const group = s.resources["eternus:index:MirroredVolumeGroup"]!;
    assert.strictEqual(group.isComponent, true);
    assert.match(group.inputProperties.suspended!.description!, /^Desired state/);
    assert.match(group.properties.suspended!.description!, /^Observed/);
    assert.deepStrictEqual(group.requiredInputs, ["destination", "sourceArray", "volumes"]);
    const mirror = s.resources["eternus:index:MirroredVolume"]!;
    assert.strictEqual(mirror.inputProperties.source!.$ref, "#/types/eternus:index:VolumeRef", "the same shape as RemoteVolume.sizeFrom");
    assert.match(mirror.inputProperties.transferMode!.description!, /^Default Synchronous/);
  });

  it("maps arrays: a group's members are a list of the named type RecSessionGroupMember (as declared), its sessions and cut ids lists too", () => {
    type Spec = { type?: string; $ref?: string; items?: Spec };
    const s = packageSchema(ROOT, PROVIDER_VERSION) as {
      types: Record<string, { properties: Record<string, Spec>; required: string[] }>;
      resources: Record<string, { inputProperties: Record<string, Spec>; properties: Record<string, Spec> }>;
    };
    const group = s.resources["eternus:index:RecSessionGroup"]!;
    const members = { type: "array", items: { $ref: "#/types/eternus:index:RecSessionGroupMember" } };
    assert.deepStrictEqual({ type: group.inputProperties.members!.type, items: group.inputProperties.members!.items }, members);
    assert.deepStrictEqual({ type: group.properties.members!.type, items: group.properties.members!.items }, members);
    const member = s.types["eternus:index:RecSessionGroupMember"]!;
    assert.deepStrictEqual(Object.keys(member.properties).sort(), ["destinationVolumeId", "sourceVolumeId", "sourceVolumeName", "sourceVolumeNumber"]);
    assert.deepStrictEqual(member.required, ["destinationVolumeId"], "the declared shape: the business volume by id, name or number");
    assert.deepStrictEqual(group.properties.sessions!.items, { $ref: "#/types/eternus:index:RecSessionGroupSession" });
    assert.deepStrictEqual(s.types["eternus:index:RecSessionGroupCut"]!.properties.copySessionIds, { type: "array", items: { type: "integer" } });
  });
});
