/**
 * The business site comes back EMPTY (a rebuilt array: new box id, no volumes) under the real `pulumi` CLI,
 * following docs/disaster-recovery.md ("The site came back empty") with examples/dr-failover: failover with
 * the site lost, writes at the DR site, the site returns empty, refresh, a new business volume of the
 * mirror's size, `failover false` with the business volume pointed at it. At the end the new business volume
 * holds every write made at the DR site (digests through the simulator's /sim/v1 API), the mirror runs
 * Forward again, and no leftover session or volume remains.
 */
import * as assert from "assert";
import { e2eSuite, assertNoChanges, leftovers } from "./helpers/suite";

const BUSINESS = "site-a";
const DR = "site-b";

interface Mirror { mirrorVolumeId: number; status: string; phase: string; direction: string; failedOver: boolean }

describe("e2e: the business site returns empty; failback re-creates the session from the mirror", function () {
  const ctx = e2eSuite(this, "dr-empty-return", { example: "dr-failover" });
  const admin = (method: string, p: string, body?: unknown) => ctx().sim.api(DR).admin(method, p, body);
  const digest = async (array: string, id: number) => admin("GET", `/volumes/${array}/${id}/digest`);
  const mirrorOf = async () => ((await ctx().p.outputs()).mirrors as Record<string, Mirror>).db01_mirror;
  let mirror: Mirror;
  let atDr = "";
  let oldBox = "";

  it("mirrored, site lost, failover, writes at the DR site", async function () {
    const c = ctx();
    await c.p.configSet("businessVolumes[0].name", "db01_mirror", { path: true });
    await c.p.configSet("businessVolumes[0].volumeId", "100000", { path: true });
    await c.p.up();
    for (let b = 0; b < 4; b++) await admin("POST", "/writes", { array: BUSINESS, volume_id: 100000, block: b, write_id: `business-${b}` });
    oldBox = c.sim.arrays.find((a) => a.name === BUSINESS)!.boxId;
    await c.sim.handle.outage(BUSINESS);
    await c.p.refresh();
    await c.p.configSet("failover", "true");
    await c.p.up();
    mirror = await mirrorOf();
    assert.deepStrictEqual([mirror.status, mirror.failedOver], ["Suspend", true]);
    for (let b = 100; b < 104; b++) await admin("POST", "/writes", { array: DR, volume_id: mirror.mirrorVolumeId, block: b, write_id: `dr-${b}` });
    atDr = (await digest(DR, mirror.mirrorVolumeId)).digest;
  });

  let newVolume = 0;
  it("the site returns empty: refresh says so and keeps the state; preview says the full copy and its direction", async function () {
    const c = ctx();
    await c.sim.handle.restore(BUSINESS, { empty: true });
    const newBox = c.sim.arrays.find((a) => a.name === BUSINESS)!.boxId;
    assert.notStrictEqual(newBox, oldBox);
    const r = await c.p.refresh();
    assert.match(r.stdout + r.stderr, new RegExp(`array "site-a" came back empty \\(box id ${newBox}, was ${oldBox}\\)`));
    // The runbook: the storage admin creates a volume of the mirror's size on the rebuilt array.
    const job = await c.sim.api(BUSINESS).job("POST", "/volume", { name: "business_vol01_rebuilt", capacity: 10240, tpp_id: 0 });
    newVolume = Number(String(job.resource_href_list[0]).split("/").pop());
    await c.p.configSet("businessVolumes[0].volumeId", String(newVolume), { path: true });
    await c.p.configSet("failover", "false");
    const pv = await c.p.preview();
    const session = pv.steps.find((s) => s.urn.endsWith("db01_mirror-session"));
    assert.strictEqual(session?.op, "update", "an update, not a replacement (a Forward create would copy over the mirror)");
    const said = (pv.diagnostics ?? []).map((d) => d.message ?? "").join("\n");
    assert.match(said, new RegExp(`create a REC session on "site-b" from the mirror volume ${mirror.mirrorVolumeId} to volume ${newVolume} on "site-a" \\(FULL copy, direction site-b -> site-a; volume ${newVolume} is overwritten\\)`));
  });

  it("up: the DR writes are on the new business volume; Forward again; no leftover session", async function () {
    const c = ctx();
    await c.p.up();
    mirror = await mirrorOf();
    assert.deepStrictEqual([mirror.status, mirror.phase, mirror.direction, mirror.failedOver], ["Active", "Equivalent", "Forward", false]);
    assert.strictEqual((await digest(BUSINESS, newVolume)).digest, atDr, "the new business volume holds every write made at the DR site");
    const dr = await c.sim.api(DR).sessions();
    assert.strictEqual(dr.length, 1, `one session on site-b, the leftover gone: ${JSON.stringify(dr)}`);
    assert.strictEqual(String(dr[0].remote_boxid), c.sim.arrays.find((a) => a.name === BUSINESS)!.boxId);
    assert.strictEqual((await c.sim.api(BUSINESS).sessions()).length, 1);
    await admin("POST", "/writes", { array: BUSINESS, volume_id: newVolume, block: 9, write_id: "home-again" });
    assert.strictEqual((await digest(DR, mirror.mirrorVolumeId)).digest, (await digest(BUSINESS, newVolume)).digest, "mirrored Forward");
    await c.p.refresh();
    assertNoChanges(await c.p.preview(), "preview after the failback");
  });

  it("destroy leaves only the new business volume", async function () {
    const c = ctx();
    await c.p.destroy();
    assert.deepStrictEqual(await leftovers(c, { [BUSINESS]: ["business_vol01_rebuilt"] }), []);
  });
});
