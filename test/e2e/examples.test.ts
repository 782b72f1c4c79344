/**
 * Every example of examples/ and the quick start at the repository root, under the real engine against the
 * simulator, as their READMEs describe them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PulumiProject } from "../helpers/pulumi-cli";
import { e2eSuite, changes, assertNoChanges, assertNoPlaintextSecrets, leftovers, E2E_ARRAY_PASSWORD } from "./helpers/suite";

describe("e2e example: the quick start (root Pulumi.yaml, MirroredVolume)", function () {
  const ctx = e2eSuite(this, "quickstart", { example: "." });

  it("up: business_vol01 mirrored to site-b, Equivalent", async function () {
    const c = ctx();
    await c.p.up();
    const o = await c.p.outputs();
    assert.strictEqual(o.phase, "Equivalent");
    assert.strictEqual(o.status, "Active");
    assert.strictEqual(o.sessionTransferMode, "Synchronous");
    assert.ok(await c.sim.api("site-b").volumeByName("business_vol01_mirror"));
    assertNoChanges(await c.p.preview(), "preview after up");
  });

  it("transferMode from stack config: Consistency and back, in place", async function () {
    const c = ctx();
    for (const mode of ["Consistency", "Synchronous"]) {
      await c.p.configSet("transferMode", mode);
      const ch = changes(await c.p.preview());
      assert.deepStrictEqual(Object.values(ch), ["update"], JSON.stringify(ch));
      await c.p.up();
      const o = await c.p.outputs();
      assert.strictEqual(o.sessionTransferMode, mode);
      assert.strictEqual(o.status, "Active");
    }
    assert.strictEqual((await c.p.outputs()).phase, "Equivalent");
  });

  it("destroy leaves nothing; no plaintext secret in state", async function () {
    const c = ctx();
    assertNoPlaintextSecrets(c);
    await c.p.destroy();
    assert.deepStrictEqual(await leftovers(c, { "site-a": ["business_vol01"] }), []);
  });
});

describe("e2e example: dr-sites (one project, stacks tokyo and osaka)", function () {
  const ctx = e2eSuite(this, "dr-sites", {
    example: "dr-sites", stack: "tokyo", sim: { arrays: ["tokyo", "osaka"] }, configureArrays: false,
  });

  it("each stack keeps its committed config, gets the credentials as secrets, and mirrors its site's volumes", async function () {
    const c = ctx();
    // Osaka's business volumes (the seed puts business_vol01 on the first array, tokyo, only).
    const osaka = c.sim.api("osaka");
    for (const [name, capacity] of [["osaka_db01", 4096], ["osaka_db02", 2048]] as const) {
      const job = await osaka.job("POST", "/volume", { name, capacity, tpp_id: 0 });
      assert.strictEqual(job.status, "Success", JSON.stringify(job));
    }
    const ids = (await osaka.volumes()).map((v) => v.volume_id).sort();
    assert.deepStrictEqual(ids, [100000, 100001], "the volume ids Pulumi.osaka.yaml lists");

    // tokyo: already initialised by the suite; osaka: a second stack of the same project.
    const osakaStack = new PulumiProject({ ...c.p.o, stack: "osaka" });
    await osakaStack.init();
    for (const p of [c.p, osakaStack]) {
      await p.configureArrays(c.sim.arrays, { password: E2E_ARRAY_PASSWORD });
      const file = fs.readFileSync(path.join(c.projectDir, `Pulumi.${p.stack}.yaml`), "utf8");
      assert.ok(!file.includes(E2E_ARRAY_PASSWORD), `Pulumi.${p.stack}.yaml holds the password in plaintext`);
      assert.match(file, /secure:/);
      assert.match(file, /mirrors:/, "the committed volume list is kept");
    }

    await c.p.up();
    await osakaStack.up();
    const t = (await c.p.outputs()).mirrorsBySite as Record<string, Record<string, unknown>>;
    const o = (await osakaStack.outputs()).mirrorsBySite as Record<string, Record<string, unknown>>;
    assert.deepStrictEqual(Object.keys(t), ["tokyo_vol01_dr"]);
    assert.deepStrictEqual(Object.keys(o).sort(), ["osaka_vol01_dr", "osaka_vol02_dr"]);
    for (const m of [...Object.values(t), ...Object.values(o)]) {
      assert.strictEqual(m.status, "Active", JSON.stringify(m));
    }
    assert.strictEqual(t.tokyo_vol01_dr.phase, "Equivalent");
    assert.strictEqual(o.osaka_vol02_dr.transferMode, "Consistency");
    assert.ok(await c.sim.api("osaka").volumeByName("tokyo_vol01_dr"));
    assert.ok(await c.sim.api("tokyo").volumeByName("osaka_vol01_dr"));
    assert.ok(await c.sim.api("tokyo").volumeByName("osaka_vol02_dr"));
    assertNoChanges(await c.p.preview(), "tokyo preview");
    assertNoChanges(await osakaStack.preview(), "osaka preview");
    assertNoPlaintextSecrets(c);

    await c.p.destroy();
    await osakaStack.destroy();
    assert.deepStrictEqual(await leftovers(c, { tokyo: ["business_vol01"], osaka: ["osaka_db01", "osaka_db02"] }), []);
  });
});

describe("e2e example: restore (direction Reverse, then Forward)", function () {
  const ctx = e2eSuite(this, "restore", { example: "restore" });

  it("up, Reverse (mirror copied back), Forward again, destroy", async function () {
    const c = ctx();
    await c.p.up();
    assert.strictEqual((await c.p.outputs()).sessionDirection, "Forward");

    // Data written to the business volume while mirrored; the restore brings the mirror's copy back.
    await c.p.configSet("direction", "Reverse");
    const ch = changes(await c.p.preview());
    assert.deepStrictEqual(ch, { rec: "update" }, "reverse is an in-place update, never a replacement");
    await c.p.up();
    let o = await c.p.outputs();
    assert.strictEqual(o.sessionDirection, "Reverse");
    assert.strictEqual(o.phase, "Equivalent");
    const s = (await c.sim.api("site-b").sessions())[0];
    assert.strictEqual(s.is_local_source_volume, true, "site-b (the mirror) is the copy source now");

    await c.p.configSet("direction", "Forward");
    await c.p.up();
    o = await c.p.outputs();
    assert.strictEqual(o.sessionDirection, "Forward");
    assert.strictEqual(o.phase, "Equivalent");
    assertNoChanges(await c.p.preview(), "preview after the restore");
    await c.p.destroy();
    assert.deepStrictEqual(await leftovers(c, { "site-a": ["business_vol01"] }), []);
  });
});

describe("e2e example: maintenance-window (asynchronous for a while, back to Synchronous with auto split)", function () {
  const ctx = e2eSuite(this, "maintenance-window", { example: "maintenance-window" });

  it("Synchronous -> Consistency (array sets split Manual) -> Synchronous with split Automatic again", async function () {
    const c = ctx();
    await c.p.up();
    let o = await c.p.outputs();
    assert.strictEqual(o.transferMode, "Synchronous");
    assert.strictEqual(o.splitMode, "Automatic");

    await c.p.configSet("maintenance", "true");
    assert.deepStrictEqual(changes(await c.p.preview()), { rec: "update" });
    await c.p.up();
    o = await c.p.outputs();
    assert.strictEqual(o.transferMode, "Consistency");
    let s = (await c.sim.api("site-a").sessions())[0];
    assert.strictEqual(s.transfer_mode, "Consistency");
    assert.strictEqual(s.split_mode, "Manual", "the array sets split mode Manual when leaving Synchronous");

    await c.p.configSet("maintenance", "false");
    assert.deepStrictEqual(changes(await c.p.preview()), { rec: "update" });
    await c.p.up();
    o = await c.p.outputs();
    assert.strictEqual(o.transferMode, "Synchronous");
    assert.strictEqual(o.splitMode, "Automatic");
    assert.strictEqual(o.phase, "Equivalent");
    s = (await c.sim.api("site-a").sessions())[0];
    assert.strictEqual(s.split_mode, "Automatic", "split mode re-sent on the way back");
    assertNoChanges(await c.p.preview(), "preview after the window");
    await c.p.destroy();
    assert.deepStrictEqual(await leftovers(c, { "site-a": ["business_vol01"] }), []);
  });
});
