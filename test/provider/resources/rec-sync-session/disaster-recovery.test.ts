/**
 * Disaster recovery at the provider-method layer, against the simulator on the manual clock, checked with
 * volume content digests (not phases): the business site goes down, refresh reads through the
 * destination, failover force-suspends there, the business runs on the mirror, the site returns, failback
 * copies the mirror's changes home. Plus the guards: an incomplete mirror, no failover declared, an
 * interrupted failback, a planned failover with both sites up. A site that returns empty: rebuild.test.ts.
 */
import { strict as assert } from "assert";
import { assertJsonPlain, P, sessionCalls, type Out } from "./session-calls";
import { recSyncSessionProvider as provider } from "../../../../provider/resources/rec-sync-session/resource";
import { BUSINESS_VOLUME_ID, DEST, rejects, SOURCE, startHarness, type Harness } from "../sim-harness";


describe("RecSyncSession disaster recovery", function () {
  this.timeout(60_000);
  let h: Harness;
  let dest: number;

  const { create, update } = sessionCalls(() => h, () => dest);
  async function refresh(id: string, olds: Out): Promise<Out> {
    const r = await provider.read!(id, olds);
    assert.equal(r.id, id, "kept in state");
    assertJsonPlain(r.props, "read");
    return { ...r.props, __provider: P };
  }
  /** Admin calls go to an array that is up (the destination stays up in every case here). */
  const write = (array: string, volumeId: number, block: number, writeId: string) =>
    h.admin(DEST, "POST", "/writes", { array, volume_id: volumeId, block, write_id: writeId });
  const digest = (array: string, volumeId: number) => h.admin(DEST, "GET", `/volumes/${array}/${volumeId}/digest`);

  before(async () => {
    h = await startHarness();
    await h.configure(provider);
  });
  after(async () => h?.close());
  beforeEach(async () => {
    if (h.sim.arrays.find((a) => a.name === SOURCE)) await h.sim.restore(SOURCE).catch(() => undefined);
    await h.admin(SOURCE, "POST", "/reset", { seed: true });
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
    const job = await h.api(DEST, "POST", "/volume", { name: "mirror01", capacity: 10240, tpp_id: 0 });
    dest = Number(String(job.resource_href_list[0]).split("/").pop());
    h.logs.length = 0;
    h.setPolicy();
  });

  it("site lost -> refresh through the destination -> failover -> writes on the mirror -> site back -> failback: no write lost", async () => {
    const { id, outs } = await create();
    for (let b = 0; b < 5; b++) await write(SOURCE, BUSINESS_VOLUME_ID, b, `business-${b}`);
    const before = await digest(SOURCE, BUSINESS_VOLUME_ID);
    assert.equal((await digest(DEST, dest)).digest, before.digest, "Synchronous + Equivalent: every acknowledged write is on the mirror");

    await h.sim.outage(SOURCE);
    const t0 = h.rt.now();
    const seen = await refresh(id, outs);
    assert.ok(h.rt.now() - t0 <= 20_000, `refresh took ${h.rt.now() - t0} ms of simulated time`);
    assert.equal(seen.observedThrough, "destination");
    assert.equal(seen.status, "Halt");
    assert.equal(seen.direction, "Forward");
    assert.equal(seen.copySessionId, outs.copySessionId, "the resource id stays the source array's");
    assert.ok(h.logs.some((l) => /array "site-a" unreachable .*reading the session through "site-b"/.test(l)), h.logs.join("\n"));

    const failedOver = await update(id, seen, { failover: true });
    assert.equal(failedOver.suspended, true, h.logs.join("\n") + JSON.stringify(failedOver));
    assert.equal(failedOver.failover, true);
    assert.ok(h.logs.some((l) => /forced suspend through the destination array/.test(l)), h.logs.join("\n"));
    const onMirror = await digest(DEST, dest);
    assert.equal(onMirror.digest, before.digest, "zero acknowledged writes lost");
    assert.equal(onMirror.incomplete, false);

    for (let b = 10; b < 13; b++) await write(DEST, dest, b, `dr-${b}`);
    const drState = (await digest(DEST, dest)).digest;

    await h.sim.restore(SOURCE);
    const back = await refresh(id, failedOver);
    assert.equal(back.observedThrough, "source");
    const failedBack = await update(id, back, { failover: false });
    assert.equal(failedBack.failover, false);
    assert.equal(failedBack.direction, "Forward");
    assert.equal(failedBack.status, "Active");
    assert.equal(failedBack.phase, "Equivalent");
    assert.equal((await digest(SOURCE, BUSINESS_VOLUME_ID)).digest, drState, "the business volume holds every write made at the DR site");
    assert.equal((await digest(DEST, dest)).digest, drState);
    await write(SOURCE, BUSINESS_VOLUME_ID, 20, "after-failback");
    assert.equal((await digest(DEST, dest)).digest, (await digest(SOURCE, BUSINESS_VOLUME_ID)).digest, "mirroring Forward again");
  });

  it("failover while the copy is incomplete: refused with the progress; with acceptIncompleteMirror the mirror reads incomplete", async () => {
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100 }); // ~100 s simulated
    const { id, outs } = await create({ waitForEquivalent: false });
    h.rt.advance(30_000);
    await h.sim.outage(SOURCE);
    const seen = await refresh(id, outs);
    const e = await rejects(() => update(id, seen, { failover: true, waitForEquivalent: false }));
    assert.equal(e.code, "ERR_REFUSED");
    assert.match(e.message, /failover refused: the mirror is incomplete \(phase Copying, \d+% copied.*acceptIncompleteMirror: true/);
    const forced = await update(id, seen, { failover: true, acceptIncompleteMirror: true, waitForEquivalent: false });
    assert.equal(forced.suspended, true);
    assert.ok(h.logs.some((l) => /failing over to an incomplete mirror/.test(l)), h.logs.join("\n"));
    assert.equal((await digest(DEST, dest)).incomplete, true);
  });

  it("the site goes down during the initial copy: the wait stops after the reachability bound, the session is recorded", async () => {
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100 }); // ~100 s simulated
    h.setPolicy({ reachabilityProbeMs: 15_000 });
    h.rt.at(h.rt.now() + 5000, () => h.sim.outage(SOURCE));
    const t0 = h.rt.now();
    const e = await rejects(() => create());
    assert.equal(e.code, "ERR_PARTIAL_FAILURE");
    assert.match(e.id, /^site-a\/\d+$/);
    assert.ok(h.rt.now() - t0 < 60_000, `gave up after ${h.rt.now() - t0} ms of simulated time, not the 3600 s timeout`);
  });

  it("a forced suspend still running (sent by an interrupted failover): the next failover waits for it, no second suspend", async () => {
    const { id, outs } = await create();
    await h.sim.outage(SOURCE);
    const seen = await refresh(id, outs);
    await h.admin(DEST, "PATCH", "/settings", { job_latency_ms: 20_000 }); // the concurrent suspend lasts 40 s
    await h.api(DEST, "POST", `/copysession/${seen.remoteCopySessionId}/suspend`, { is_forced: true });
    const running = (await h.api(DEST, "GET", `/copysession/${seen.remoteCopySessionId}`));
    assert.equal(running.concurrent_suspend_result, "Running");
    const f = await update(id, await refresh(id, seen), { failover: true });
    assert.equal(f.status, "Suspend");
    assert.ok(h.logs.some((l) => /a suspend is already running on copy session \d+ \(sent by an earlier, interrupted update\)/.test(l)), h.logs.join("\n"));
    await h.admin(DEST, "PATCH", "/settings", { job_latency_ms: 5 });
  });

  it("source down without failover: update refused naming the way out; nothing changes", async () => {
    const { id, outs } = await create();
    await h.sim.outage(SOURCE);
    const seen = await refresh(id, outs);
    const e = await rejects(() => update(id, seen, { transferMode: "Consistency" }));
    assert.match(e.message, /"site-a" is unreachable .*except a failover \(failover: true/);
    const peer = (await h.api(DEST, "GET", "/copysession")).copysession_list[0];
    assert.equal(peer.transfer_mode, "Synchronous");
  });

  it("planned failover (DR drill) with both sites up: normal suspend in Equivalent, no data lost; failback", async () => {
    const { id, outs } = await create();
    await write(SOURCE, BUSINESS_VOLUME_ID, 1, "drill-1");
    const f = await update(id, outs, { failover: true });
    assert.ok(h.logs.some((l) => /planned failover: normal suspend in Equivalent/.test(l)), h.logs.join("\n"));
    assert.ok(!h.logs.some((l) => /forced suspend/.test(l)));
    assert.equal((await digest(DEST, dest)).digest, (await digest(SOURCE, BUSINESS_VOLUME_ID)).digest);
    await write(DEST, dest, 2, "drill-dr");
    const b = await update(id, f, { failover: false });
    assert.equal(b.direction, "Forward");
    assert.equal((await digest(SOURCE, BUSINESS_VOLUME_ID)).digest, (await digest(DEST, dest)).digest);
  });

  it("an interrupted failback is recorded with failover: true and the next update finishes it", async () => {
    const { id, outs } = await create();
    const f = await update(id, outs, { failover: true });
    for (let b = 0; b < 50; b++) await write(DEST, dest, b, `dr-${b}`);
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 1 }); // the copy home takes ~50 s
    const e = await rejects(() => update(id, f, { failover: false, timeoutSeconds: 5 }));
    assert.equal(e.code, "ERR_PARTIAL_FAILURE");
    assert.equal(e.properties.failover, true, "still failed over in state: the next up continues the failback");
    assert.equal(e.properties.direction, "Reverse");
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
    const done = await update(id, { ...e.properties, __provider: P }, { failover: false });
    assert.equal(done.direction, "Forward");
    assert.equal(done.failover, false);
    assert.equal((await digest(SOURCE, BUSINESS_VOLUME_ID)).digest, (await digest(DEST, dest)).digest);
  });
});
