/**
 * `pulumi up` killed (kill -9 of the CLI and its plugins) in the middle of a failover, of a failback, and of
 * a failback onto a business array that came back empty, under the real CLI with examples/dr-failover. After each, the operator's way out (pulumi cancel,
 * the file backend's lock removed, pulumi refresh, pulumi up) converges: the declared state is reached, no
 * session is created twice, and the content digests show no write lost.
 */
import * as assert from "assert";
import { e2eSuite, assertNoChanges, leftovers, type SuiteCtx } from "./helpers/suite";
import { eventually } from "./helpers/sim";
import { killTree } from "./helpers/processes";

const BUSINESS = "site-a";
const DR = "site-b";

interface Mirror { mirrorVolumeId: number; status: string; phase: string; direction: string; failedOver: boolean }

/** Start `pulumi up`, wait until `midway` holds on the arrays, then kill it and everything it started. */
async function upKilledWhen(c: SuiteCtx, what: string, midway: () => Promise<boolean>): Promise<void> {
  const run = c.p.spawn(["up", "--yes", "--skip-preview", "--stack", c.p.stack], { timeoutMs: 10 * 60_000 });
  try {
    await eventually(what, midway, (x) => x, 120_000);
  } catch (e) {
    killTree(run.child.pid!);
    throw new Error(`${(e as Error).message}; up output: ${(await run.done).stdout.slice(-2000)}`);
  }
  killTree(run.child.pid!);
  assert.notStrictEqual((await run.done).code, 0, "the up was killed");
}

/** What an operator does after a killed up: cancel, remove the file backend's stale lock, refresh. */
async function recoverAfterKill(c: SuiteCtx): Promise<void> {
  await c.p.cancelAndUnlock();
  const r = await c.p.refresh({ allowFailure: true });
  if (r.code !== 0) await c.p.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates", "--stack", c.p.stack]);
}

describe("e2e: pulumi up killed in the middle of a failover and of a failback", function () {
  const ctx = e2eSuite(this, "dr-interrupted", { example: "dr-failover" });
  const admin = (method: string, p: string, body?: unknown) => ctx().sim.api(DR).admin(method, p, body);
  const digest = async (array: string, id: number) => (await admin("GET", `/volumes/${array}/${id}/digest`)).digest as string;
  const mirrorOf = async () => ((await ctx().p.outputs()).mirrors as Record<string, Mirror>).db01_mirror;
  let mirrorVolumeId = 0;
  let beforeLoss = "";

  it("failover with the site lost, killed while the forced suspend's job runs: refresh + up converge, the mirror holds every acknowledged write", async function () {
    const c = ctx();
    await c.p.configSet("businessVolumes[0].name", "db01_mirror", { path: true });
    await c.p.configSet("businessVolumes[0].volumeId", "100000", { path: true });
    await c.p.up();
    mirrorVolumeId = (await mirrorOf()).mirrorVolumeId;
    for (let b = 0; b < 4; b++) await admin("POST", "/writes", { array: BUSINESS, volume_id: 100000, block: b, write_id: `business-${b}` });
    beforeLoss = await digest(BUSINESS, 100000);
    await c.sim.handle.outage(BUSINESS);
    await c.p.refresh();
    await c.p.configSet("failover", "true");
    // Slow jobs: the forced suspend stays in flight for seconds (its concurrent suspend for twice as long).
    await admin("PATCH", "/settings", { job_latency_ms: 8_000 });
    await upKilledWhen(c, "the forced suspend's job runs on site-b", async () => {
      const jobs = (await c.sim.api(DR).get("/api/v1/job")).job_list as { status: string }[];
      return jobs.some((j) => j.status === "Queued" || j.status === "Running");
    });
    await admin("PATCH", "/settings", { job_latency_ms: 10 });
    await recoverAfterKill(c);
    await c.p.up();
    const m = await mirrorOf();
    assert.deepStrictEqual([m.status, m.failedOver], ["Suspend", true]);
    assert.strictEqual((await c.sim.api(DR).sessions()).length, 1, "one view of the session on site-b");
    assert.strictEqual(await digest(DR, mirrorVolumeId), beforeLoss, "no acknowledged write lost");
    assertNoChanges(await c.p.preview(), "preview after the recovered failover");
  });

  it("failback killed while the DR writes are copied home: refresh + up finish it (Forward), the business volume holds every DR write", async function () {
    const c = ctx();
    // 30 changed blocks of 1 MB at 1 MB/s: the copy home runs for about 30 s.
    for (let b = 100; b < 130; b++) await admin("POST", "/writes", { array: DR, volume_id: mirrorVolumeId, block: b, write_id: `dr-${b}` });
    const atDr = await digest(DR, mirrorVolumeId);
    await c.sim.handle.restore(BUSINESS);
    await c.p.refresh();
    await c.p.configSet("failover", "false");
    await admin("PATCH", "/settings", { copy_rate_mbps: 1 });
    await upKilledWhen(c, "the copy home runs (session Reverse, Active)", async () => {
      const [s] = await c.sim.api(BUSINESS).sessions();
      return s?.is_local_source_volume === false && s.status === "Active" && s.phase === "Copying";
    });
    await admin("PATCH", "/settings", { copy_rate_mbps: 20_000 });
    await recoverAfterKill(c);
    await c.p.up();
    const m = await mirrorOf();
    assert.deepStrictEqual([m.status, m.phase, m.direction, m.failedOver], ["Active", "Equivalent", "Forward", false]);
    assert.deepStrictEqual([(await c.sim.api(BUSINESS).sessions()).length, (await c.sim.api(DR).sessions()).length], [1, 1], "no second session");
    assert.strictEqual(await digest(BUSINESS, 100000), atDr, "the business volume holds every write made at the DR site");
    assertNoChanges(await c.p.preview(), "preview after the recovered failback");
  });

  it("site lost again and back EMPTY; the failback killed during the full copy from the mirror: refresh + up continue with the same session", async function () {
    const c = ctx();
    await c.sim.handle.outage(BUSINESS);
    await c.p.refresh();
    await c.p.configSet("failover", "true");
    await c.p.up();
    await admin("POST", "/writes", { array: DR, volume_id: mirrorVolumeId, block: 200, write_id: "dr-again" });
    const atDr = await digest(DR, mirrorVolumeId);
    await c.sim.handle.restore(BUSINESS, { empty: true });
    const newBox = c.sim.arrays.find((a) => a.name === BUSINESS)!.boxId;
    await c.p.refresh();
    const job = await c.sim.api(BUSINESS).job("POST", "/volume", { name: "business_vol01_rebuilt", capacity: 10240, tpp_id: 0 });
    const newVolume = Number(String(job.resource_href_list[0]).split("/").pop());
    await c.p.configSet("businessVolumes[0].volumeId", String(newVolume), { path: true });
    await c.p.configSet("failover", "false");
    // 10240 MB at 200 MB/s: the full copy runs for about 50 s.
    await admin("PATCH", "/settings", { copy_rate_mbps: 200 });
    await upKilledWhen(c, "the new session copies from the mirror", async () => {
      const dr = await c.sim.api(DR).sessions();
      return dr.length === 1 && String(dr[0].remote_boxid) === newBox && dr[0].phase === "Copying";
    });
    const created = (await c.sim.api(DR).sessions()).map((s) => s.copysession_id);
    await admin("PATCH", "/settings", { copy_rate_mbps: 20_000 });
    await recoverAfterKill(c);
    await c.p.up();
    const m = await mirrorOf();
    assert.deepStrictEqual([m.status, m.phase, m.direction, m.failedOver], ["Active", "Equivalent", "Forward", false]);
    assert.deepStrictEqual((await c.sim.api(DR).sessions()).map((s) => s.copysession_id), created, "the same session, not a second");
    assert.strictEqual((await c.sim.api(BUSINESS).sessions()).length, 1);
    assert.strictEqual(await digest(BUSINESS, newVolume), atDr, "the new business volume holds every write made at the DR site");
    assertNoChanges(await c.p.preview(), "preview after the recovered rebuild");
  });

  it("destroy leaves only the business volume", async function () {
    const c = ctx();
    await c.p.destroy();
    assert.deepStrictEqual(await leftovers(c, { [BUSINESS]: ["business_vol01_rebuilt"] }), []);
  });
});
