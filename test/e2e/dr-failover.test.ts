/**
 * The disaster-recovery drill under the real `pulumi` CLI (examples/dr-failover, docs/disaster-recovery.md):
 * mirrors of two business volumes, host writes, the business site goes down, `pulumi refresh` (bounded,
 * warning, state kept), failover `up`, writes on the mirrors, site back, failback `up`. At each checkpoint
 * the content digests are compared through the simulator: in Synchronous mode no acknowledged write is
 * lost, and after the failback the business volumes hold every write made at the DR site.
 */
import * as assert from "assert";
import { e2eSuite, changes, assertNoChanges, leftovers } from "./helpers/suite";

const BUSINESS = "site-a";
const DR = "site-b";

interface Mirror { mirrorVolumeId: number; status: string; phase: string; direction: string; failedOver: boolean; observedThrough: string }

describe("e2e example: dr-failover (site lost, failover, failback, checked by content)", function () {
  const ctx = e2eSuite(this, "dr-failover", { example: "dr-failover" });
  const business: Record<string, number> = { db01_mirror: 100000 };
  let mirrors: Record<string, Mirror> = {};

  // Admin calls go through the DR array: it stays up the whole time.
  const admin = (method: string, p: string, body?: unknown) => ctx().sim.api(DR).admin(method, p, body);
  const digest = async (array: string, id: number) => admin("GET", `/volumes/${array}/${id}/digest`);
  const writeAll = async (array: string, ids: number[], tag: string) => {
    for (const id of ids) for (let b = 0; b < 4; b++) await admin("POST", "/writes", { array, volume_id: id, block: b + (tag === "dr" ? 100 : 0), write_id: `${tag}-${id}-${b}` });
  };
  const outputs = async () => (await ctx().p.outputs()).mirrors as Record<string, Mirror>;

  it("up: two business volumes mirrored, Equivalent; host writes reach the mirrors", async function () {
    const c = ctx();
    const job = await c.sim.api(BUSINESS).job("POST", "/volume", { name: "business_vol02", capacity: 2048, tpp_id: 0 });
    business.db02_mirror = Number(String(job.resource_href_list[0]).split("/").pop());
    let i = 0;
    for (const [name, id] of Object.entries(business)) {
      await c.p.configSet(`businessVolumes[${i}].name`, name, { path: true });
      await c.p.configSet(`businessVolumes[${i}].volumeId`, String(id), { path: true });
      i++;
    }
    await c.p.up();
    mirrors = await outputs();
    for (const m of Object.values(mirrors)) assert.deepStrictEqual([m.status, m.phase, m.direction], ["Active", "Equivalent", "Forward"]);
    await writeAll(BUSINESS, Object.values(business), "business");
    for (const [name, id] of Object.entries(business)) {
      assert.strictEqual((await digest(DR, mirrors[name].mirrorVolumeId)).digest, (await digest(BUSINESS, id)).digest, `${name}: every acknowledged write is mirrored`);
    }
  });

  const beforeLoss: Record<string, string> = {};
  it("the business site goes down: refresh reads through the DR array within seconds and keeps the state", async function () {
    const c = ctx();
    for (const [name, id] of Object.entries(business)) beforeLoss[name] = (await digest(BUSINESS, id)).digest;
    await c.sim.handle.outage(BUSINESS);
    const resourcesBefore = (await c.p.exportState()).deployment.resources?.length;
    const r = await c.p.refresh();
    assert.ok(r.ms < 90_000, `refresh took ${r.ms} ms`);
    assert.match(r.stdout + r.stderr, /array "site-a" unreachable .*reading the session through "site-b"/);
    assert.strictEqual((await c.p.exportState()).deployment.resources?.length, resourcesBefore, "nothing removed from state");
    // Stack outputs change only with the next up; refresh updates the resources' state.
    const sessions = ((await c.p.exportState()).deployment.resources ?? []).filter((x) => x.type === "pulumi-nodejs:dynamic/eternus:RecSyncSession");
    assert.strictEqual(sessions.length, 2);
    for (const x of sessions) assert.deepStrictEqual([x.outputs.status, x.outputs.observedThrough], ["Halt", "destination"], x.urn);
  });

  it("failover: the preview says it, up force-suspends through the DR array; no acknowledged write lost", async function () {
    const c = ctx();
    await c.p.configSet("failover", "true");
    const pv = await c.p.preview();
    const ch = changes(pv);
    assert.deepStrictEqual(Object.entries(ch).filter(([k]) => k.endsWith("-session")).map(([, v]) => v), ["update", "update"], JSON.stringify(ch));
    await c.p.up();
    mirrors = await outputs();
    for (const [name, m] of Object.entries(mirrors)) {
      assert.strictEqual(m.status, "Suspend", name);
      assert.strictEqual(m.failedOver, true);
      const d = await digest(DR, m.mirrorVolumeId);
      assert.strictEqual(d.digest, beforeLoss[name], `${name}: the mirror holds every write acknowledged before the loss`);
      assert.strictEqual(d.incomplete, false);
    }
  });

  it("the business runs on the mirrors; the site returns; failback copies the DR writes home, then Forward", async function () {
    const c = ctx();
    await writeAll(DR, Object.values(mirrors).map((m) => m.mirrorVolumeId), "dr");
    const atDr: Record<string, string> = {};
    for (const [name, m] of Object.entries(mirrors)) atDr[name] = (await digest(DR, m.mirrorVolumeId)).digest;
    await c.sim.handle.restore(BUSINESS);
    await c.p.refresh();
    await c.p.configSet("failover", "false");
    await c.p.up();
    mirrors = await outputs();
    for (const [name, id] of Object.entries(business)) {
      const m = mirrors[name];
      assert.deepStrictEqual([m.status, m.phase, m.direction, m.failedOver], ["Active", "Equivalent", "Forward", false], name);
      assert.strictEqual((await digest(BUSINESS, id)).digest, atDr[name], `${name}: the business volume holds every DR write`);
    }
    assertNoChanges(await c.p.preview(), "preview after the failback");
  });

  it("destroy leaves only the business volumes", async function () {
    const c = ctx();
    await c.p.destroy();
    assert.deepStrictEqual(await leftovers(c, { [BUSINESS]: ["business_vol01", "business_vol02"] }), []);
  });
});

describe("e2e: failover while the mirror is still copying", function () {
  const ctx = e2eSuite(this, "dr-copying", { example: "dr-failover", sim: { copyRateMbps: 50 } });

  it("refused without acceptIncompleteMirror (progress in the message); with it, the mirror reads incomplete", async function () {
    const c = ctx();
    await c.p.configSet("businessVolumes[0].name", "db01_mirror", { path: true });
    await c.p.configSet("businessVolumes[0].volumeId", "100000", { path: true });
    // The initial copy of 10240 MB at 50 MB/s takes minutes: the up is stopped while it waits.
    const run = c.p.spawn(["up", "--yes", "--skip-preview", "--stack", c.p.stack], { timeoutMs: 10 * 60_000 });
    // The site is lost once the up waits for the copy (the session exists and is about to be recorded).
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      const timer = setTimeout(() => reject(new Error(`no "waiting for Equivalent" within 3 min: ${seen.slice(-2000)}`)), 180_000);
      run.child.stdout!.on("data", (d: Buffer) => {
        seen += d.toString();
        if (/waiting for Equivalent/.test(seen)) { clearTimeout(timer); resolve(); }
      });
    });
    await c.sim.handle.outage("site-a");
    const first = await run.done;
    assert.notStrictEqual(first.code, 0, "the up waiting for Equivalent fails when the site is lost");
    await c.p.refresh({ allowFailure: true });
    await c.p.configSet("failover", "true");
    const refused = await c.p.up({ allowFailure: true });
    assert.notStrictEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /failover refused: the mirror is incomplete \(phase Copying, \d+% copied/);
    await c.p.configSet("acceptIncompleteMirror", "true");
    const accepted = await c.p.up();
    assert.match(accepted.stdout + accepted.stderr, /failing over to an incomplete mirror/);
    const m = ((await c.p.outputs()).mirrors as Record<string, Mirror>).db01_mirror;
    assert.strictEqual(m.status, "Suspend");
    assert.strictEqual((await c.sim.api("site-b").admin("GET", `/volumes/site-b/${m.mirrorVolumeId}/digest`)).incomplete, true, "reported incomplete");
  });
});
