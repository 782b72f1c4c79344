/**
 * Under the real engine (examples/sync-mirror): with `eternus:previewChecks: true` a wrong array password
 * fails `pulumi preview`, naming the keys, before anything exists (without it the same preview passes); and
 * the business volume declared by name keeps its volume_id after a rename on the array.
 */
import * as assert from "assert";
import { e2eSuite, assertNoChanges, leftovers, E2E_ARRAY_PASSWORD } from "./helpers/suite";

describe("e2e: preview checks and the business volume by name", function () {
  const ctx = e2eSuite(this, "preview-checks", { example: "sync-mirror" });

  it("a wrong password shows at pulumi preview with eternus:previewChecks: true, naming the keys; nothing is created", async function () {
    const c = ctx();
    await c.p.configSet("eternus:arrays.site-a.password", "not-the-password", { path: true, secret: true });

    const unchecked = await c.p.preview({ allowFailure: true });
    assert.ok(unchecked.steps.length > 0, "without previewChecks the preview makes no login and passes");

    await c.p.configSet("eternus:previewChecks", "true", { path: false });
    const r = await c.p.run(["preview", "--stack", "e2e"], { allowFailure: true });
    assert.notStrictEqual(r.code, 0, "preview fails");
    const text = r.stdout + r.stderr;
    assert.match(text, /eternus:previewChecks: array "site-a": login as user "root" was refused/);
    assert.match(text, /eternus:arrays\.site-a\.password/);
    assert.ok(!text.includes("not-the-password") && !text.includes(E2E_ARRAY_PASSWORD), "no password in the output");
    assert.deepStrictEqual(await leftovers(c, { "site-a": ["business_vol01"] }), [], "nothing was created");
  });

  it("by name: up resolves sourceVolumeName; after a rename and a new volume of the old name, preview shows no change and destroy removes only ours", async function () {
    const c = ctx();
    await c.p.configSet("eternus:arrays.site-a.password", E2E_ARRAY_PASSWORD, { path: true, secret: true });
    await c.p.configSet("sourceVolumeName", "business_vol01");
    await c.p.up();
    assert.strictEqual((await c.p.outputs()).businessVolumeId, 100000);

    const a = c.sim.api("site-a");
    const renamed = await a.job("PATCH", "/volume/100000", { new_name: "business_vol01_old" });
    assert.strictEqual(renamed.status, "Success", JSON.stringify(renamed));
    const impostor = await a.job("POST", "/volume", { name: "business_vol01", capacity: 10240, tpp_id: 0 });
    assert.strictEqual(impostor.status, "Success", JSON.stringify(impostor));

    assertNoChanges(await c.p.preview(), "preview after the rename");
    const refreshed = await c.p.refresh();
    assert.match(refreshed.stdout + refreshed.stderr, /now named "business_vol01_old" on array "site-a" \(declared sourceVolumeName "business_vol01"\); the session stays on volume_id 100000/);
    assert.strictEqual((await c.p.outputs()).businessVolumeId, 100000);

    await c.p.destroy();
    assert.deepStrictEqual(await leftovers(c, { "site-a": ["business_vol01", "business_vol01_old"] }), []);
  });
});
