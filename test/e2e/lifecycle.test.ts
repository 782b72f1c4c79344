/**
 * Test layer 5, the real engine: examples/sync-mirror under the Pulumi CLI against the simulator, through
 * the whole life of a mirror. Each step depends on the previous one (one stack, in order).
 */
import * as assert from "assert";
import { e2eSuite, changes, assertNoChanges, assertNoPlaintextSecrets, leftovers } from "./helpers/suite";

describe("e2e: sync-mirror lifecycle under the real engine", function () {
  const ctx = e2eSuite(this, "lifecycle", { example: "sync-mirror" });
  let sessionId = -1;

  const session = async () => {
    const all = await ctx().sim.api("site-a").sessions();
    assert.strictEqual(all.length, 1, `site-a sessions: ${JSON.stringify(all)}`);
    return all[0];
  };

  /** REST logins each array saw during `run`, and those still open after it (the plugin has ended). */
  const logins = async (run: () => Promise<unknown>) => {
    const arrays = [...ctx().sim.handle.world.arrays.values()];
    const before = arrays.map((a) => a.nextAuthSessionId);
    await run();
    const made: Record<string, number> = {};
    const open: Record<string, number> = {};
    arrays.forEach((a, i) => {
      made[a.name] = a.nextAuthSessionId - before[i]!;
      if (a.authSessions.size) open[a.name] = a.authSessions.size;
    });
    return { made, open };
  };

  it("up creates the mirror volume and an Equivalent synchronous session, with one REST login per array", async function () {
    const { p, sim } = ctx();
    const l = await logins(() => p.up());
    assert.deepStrictEqual(l.made, { "site-a": 1, "site-b": 1 }, "one login per array for the whole up");
    assert.deepStrictEqual(l.open, {}, "the plugin logged out when the engine closed it");
    const o = await p.outputs();
    assert.strictEqual(o.phase, "Equivalent");
    assert.strictEqual(o.status, "Active");
    assert.strictEqual(o.transferMode, "Synchronous");
    assert.strictEqual(o.direction, "Forward");
    const vol = await sim.api("site-b").volumeByName("business_vol01_m");
    assert.ok(vol, "mirror volume on site-b");
    assert.strictEqual(vol!.capacity, 10240);
    assert.strictEqual(o.mirrorVolumeId, vol!.volume_id);
    const s = await session();
    assert.strictEqual(s.copysession_id, o.copySessionId);
    assert.strictEqual(s.transfer_mode, "Synchronous");
    sessionId = s.copysession_id;
  });

  it("state: at most 4 KB per resource; the stored provider is the small version-2 text", async function () {
    const res = (await ctx().p.exportState()).deployment.resources ?? [];
    const ours = res.filter((r) => /eternus:(RemoteVolume|RecSyncSession)$/.test(String(r.type)));
    assert.strictEqual(ours.length, 2);
    for (const r of ours) {
      const bytes = JSON.stringify(r).length;
      console.log(`      [e2e] ${String(r.type).split(":").pop()}: ${bytes} bytes of state, __provider ${String(r.outputs?.__provider).length} bytes`);
      assert.ok(bytes <= 4096, `${r.type}: ${bytes} bytes`);
      assert.match(String(r.inputs?.__provider), /\.shell\("(RemoteVolume|RecSyncSession)",2\)/);
    }
  });

  it("preview right after up shows no changes, and leaves no REST login open", async function () {
    let out: Awaited<ReturnType<ReturnType<typeof ctx>["p"]["preview"]>> | undefined;
    const l = await logins(async () => { out = await ctx().p.preview(); });
    assertNoChanges(out!, "preview after up");
    assert.deepStrictEqual(l.open, {});
    for (const [name, n] of Object.entries(l.made)) assert.ok(n <= 1, `${name}: ${n} logins in one preview`);
  });

  it("a transferMode change previews as an in-place update of the session, not a replacement", async function () {
    const { p } = ctx();
    await p.configSet("transferMode", "Consistency");
    const pv = await p.preview();
    assert.deepStrictEqual(changes(pv), { rec: "update" }, `steps: ${JSON.stringify(pv.steps.map((s) => [s.op, s.urn]))}`);
    // The procedure is a diagnostic OF the session (what PR bots post from --json), not a floating line.
    const rec = pv.steps.find((s) => s.urn.endsWith("::rec"))!;
    const plan = (pv.diagnostics ?? []).filter((d) => /will suspend -> wait until suspended -> PATCH transfer_mode Consistency -> resume/.test(d.message ?? ""));
    assert.ok(plan.length >= 1, `no procedure diagnostic: ${JSON.stringify(pv.diagnostics)}`);
    for (const d of plan) assert.strictEqual(d.urn, rec.urn, `attached to ${d.urn}`);
  });

  it("up applies it: same session, now Consistency", async function () {
    const { p } = ctx();
    const r = await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.transferMode, "Consistency");
    assert.strictEqual(o.status, "Active");
    const s = await session();
    assert.strictEqual(s.copysession_id, sessionId, "the session was not re-created");
    assert.strictEqual(s.transfer_mode, "Consistency");
    assert.match(r.stdout + r.stderr, /suspend/i, "the engine shows the provider's suspend -> PATCH -> resume lines");
  });

  it("refresh finds no drift", async function () {
    await ctx().p.refreshExpectNoChanges();
  });

  it("an out-of-band suspend (through the array's REST API) is seen by refresh", async function () {
    const { p, sim } = ctx();
    const job = await sim.api("site-a").job("POST", `/copysession/${sessionId}/suspend`, { is_forced: true });
    assert.strictEqual(job.status, "Success", JSON.stringify(job));
    const drift = await p.refreshExpectNoChanges({ allowFailure: true });
    assert.notStrictEqual(drift.code, 0, "refresh --expect-no-changes must report the drift");
    await p.refresh();
    // refresh updates resource state, not stack outputs (those change only on `up`): read the state.
    const state = await p.exportState();
    const rec = (state.deployment.resources ?? []).find((r) => String(r.type).endsWith(":RecSyncSession"));
    assert.ok(rec, "the RecSyncSession is in the state");
    assert.strictEqual(rec.outputs.status, "Suspend");
    assert.strictEqual(rec.outputs.suspended, true);
  });

  it("up restores the declared state (resumed, Active)", async function () {
    const { p } = ctx();
    const pv = await p.preview();
    assert.deepStrictEqual(changes(pv), { rec: "update" });
    await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.status, "Active");
    const s = await session();
    assert.strictEqual(s.status, "Active");
    assert.strictEqual(s.copysession_id, sessionId);
    assertNoChanges(await p.preview(), "preview after the repair");
  });

  it("direction Reverse copies the mirror back, Forward returns (Synchronous, split Automatic)", async function () {
    const { p } = ctx();
    await p.configSet("transferMode", "Synchronous");
    await p.up();
    let s = await session();
    assert.strictEqual(s.transfer_mode, "Synchronous");
    assert.strictEqual(s.split_mode, "Automatic", "split mode re-sent after Consistency -> Synchronous");

    await p.configSet("direction", "Reverse");
    assert.deepStrictEqual(changes(await p.preview()), { rec: "update" });
    await p.up();
    let o = await p.outputs();
    assert.strictEqual(o.direction, "Reverse");
    assert.strictEqual(o.phase, "Equivalent");
    s = await session();
    assert.strictEqual(s.is_local_source_volume, false, "site-a's volume is now the copy destination");

    await p.configSet("direction", "Forward");
    await p.up();
    o = await p.outputs();
    assert.strictEqual(o.direction, "Forward");
    assert.strictEqual(o.phase, "Equivalent");
    s = await session();
    assert.strictEqual(s.is_local_source_volume, true);
    assert.strictEqual(s.copysession_id, sessionId);
    assertNoChanges(await p.preview(), "preview after reverse and back");
  });

  it("the state (with the resources in it) holds no array password or REST token in plaintext", async function () {
    const { p } = ctx();
    const exp = await p.exportState();
    const res = exp.deployment.resources ?? [];
    assert.ok(res.some((r) => String(r.type).includes("eternus:RecSyncSession")), "the session is in the state");
    assertNoPlaintextSecrets(ctx());
  });

  it("destroy leaves no volume or session on either array, and no REST login open", async function () {
    const { p } = ctx();
    const l = await logins(() => p.destroy());
    assert.deepStrictEqual(l.open, {});
    for (const [name, n] of Object.entries(l.made)) assert.ok(n <= 1, `${name}: ${n} logins in one destroy`);
    assert.deepStrictEqual(await leftovers(ctx(), { "site-a": ["business_vol01"] }), []);
  });

  it("no array password or REST token in any checkpoint or backup after destroy", async function () {
    assertNoPlaintextSecrets(ctx());
  });
});
