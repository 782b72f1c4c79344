/**
 * RecSyncSession under faults, at the provider-method layer against the simulator on the manual clock:
 * lost responses on every mutating step (read back, continue or repeat), a 503 burst in the middle of a
 * wait (ridden out until the deadline), Halt with recovery mode Manual (no waiting for what cannot come),
 * and id reuse (a foreign session that got our ids is never adopted nor deleted).
 */
import { forgetLearnedDialects } from "../../../../provider/client/array-dialect";
import { strict as assert } from "assert";
import { sessionCalls, type Out } from "./session-calls";
import { recSyncSessionProvider as provider } from "../../../../provider/resources/rec-sync-session/resource";
import { remoteVolumeProvider } from "../../../../provider/resources/remote-volume/resource";
import { BUSINESS_VOLUME_ID, DEST, rejects, SOURCE, startHarness, type Harness } from "../sim-harness";


describe("RecSyncSession under faults", function () {
  this.timeout(60_000);
  let h: Harness;
  let dest: number;

  const { checked, create, update, newVolume, sessions } = sessionCalls(() => h, () => dest);
  const dropNext = (method: string, pathPrefix: string) => h.admin(SOURCE, "POST", "/faults/drop-response", { count: 1, method, path_prefix: pathPrefix });

  before(async () => {
    h = await startHarness();
    await h.configure(provider);
  });
  after(async () => h?.close());
  beforeEach(async () => {
    await h.admin(SOURCE, "DELETE", "/faults");
    await h.admin(SOURCE, "POST", "/reset", { seed: true });
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
    dest = await newVolume(DEST, "mirror01");
    h.logs.length = 0;
    h.setPolicy();
  });

  describe("a lost response on a mutating step is read back; the update continues", () => {
    const cases: [string, string, string, Record<string, unknown>, Record<string, unknown> | undefined, (o: Out) => void][] = [
      // the path under /api/v1/copysession/{id} whose response is dropped
      ["suspend", "POST", "/suspend", { suspended: true }, undefined, (o) => assert.equal(o.suspended, true)],
      ["PATCH transfer_mode", "PATCH", "", { transferMode: "Consistency" }, undefined, (o) => assert.equal(o.transferMode, "Consistency")],
      ["reverse", "POST", "/reverse", { direction: "Reverse" }, undefined, (o) => assert.equal(o.direction, "Reverse")],
      ["resume", "POST", "/resume", {}, { suspended: true }, (o) => assert.equal(o.suspended, false)],
    ];
    for (const [what, method, path, change, first, verify] of cases) {
      it(what, async () => {
        let { id, outs } = await create();
        if (first) outs = await update(id, outs, first);
        await dropNext(method, `/api/v1/copysession/${outs.copySessionId}${path}`);
        const after = await update(id, outs, { ...first, ...change, ...(what === "resume" ? { suspended: false } : {}) });
        verify(after);
        assert.ok(h.logs.some((l) => new RegExp(`${what.split(" ")[0]}.*the response was lost`).test(l)), h.logs.join("\n"));
        assert.ok(h.logs.some((l) => /the array shows it took effect; continuing/.test(l)), h.logs.join("\n"));
        assert.equal((await sessions(SOURCE)).length, 1, "still one session");
      });
    }
  });

  it("a 503 burst in the middle of the initial copy is ridden out until the deadline", async () => {
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 500 }); // 10240 MB: ~20 s simulated
    h.rt.at(h.rt.now() + 3000, () => h.admin(SOURCE, "POST", "/faults/unavailable", { count: 40 }));
    const { outs } = await create();
    assert.equal(outs.phase, "Equivalent");
    assert.ok(h.logs.some((l) => /waiting for Equivalent: .*503|busy.*trying again|trying again/.test(l)), h.logs.join("\n"));
  });

  it("Halt with recovery mode Manual: the wait stops at once with the procedure (not after timeoutSeconds)", async () => {
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100 }); // ~100 s simulated
    h.rt.at(h.rt.now() + 5000, () => h.admin(SOURCE, "POST", "/copy-path", { peer: DEST, up: false }));
    const t0 = h.rt.now();
    try {
      const e = await rejects(() => create({ recoveryMode: "Manual" }));
      assert.match(e.message, /Halt .*recovery mode Manual, so it will not recover by itself/);
      assert.match(e.id, /^site-a\/\d+$/, "the session is recorded (partial failure), not leaked");
      assert.ok(h.rt.now() - t0 < 60_000, `stopped after ${h.rt.now() - t0} ms of simulated time`);
    } finally {
      await h.admin(SOURCE, "POST", "/copy-path", { peer: DEST, up: true });
    }
  });

  it("nine parallel creates from one business volume: eight sessions, the ninth gets the pre-flight refusal", async () => {
    const volumes = [dest];
    for (let i = 1; i < 9; i++) volumes.push(await newVolume(DEST, `mirror0${i + 1}`));
    const results = await Promise.allSettled(volumes.map(async (v) => provider.create(await checkedFor(v))));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 8);
    assert.equal(refused.length, 1);
    assert.equal(refused[0].reason.code, "ERR_PREFLIGHT");
    assert.equal(refused[0].reason.check, "session-limit");
    assert.equal((await sessions(SOURCE)).length, 8);
  });
  const checkedFor = (v: number) => { dest = v; return checked({ resourceName: `m${v}` }); };

  it("an array that refuses split_mode/recovery_mode at create: created with the documented fields, modes set afterwards", async () => {
    await h.admin(SOURCE, "PATCH", "/settings", { rec_create_extras: false });
    try {
      const { outs } = await create({ recoveryMode: "Manual" });
      assert.equal(outs.recoveryMode, "Manual");
      assert.equal(outs.phase, "Equivalent");
      // The client's one-time fallback (client/array-dialect.ts) says so, with how to pin the form.
      assert.ok(h.logs.some((l) => /refused row 15's form "with-extras" \(split_mode\) and accepted "documented-only"/.test(l)), h.logs.join("\n"));
      assert.ok(h.logs.some((l) => /PATCH recovery_mode Manual/.test(l)), h.logs.join("\n"));
      assert.equal((await sessions(SOURCE)).length, 1);
    } finally {
      await h.admin(SOURCE, "PATCH", "/settings", { rec_create_extras: true });
      forgetLearnedDialects(); // the learned form would outlive this test in the process
    }
  });

  it("nine parallel MirroredVolumes of one business volume: the ninth mirror VOLUME is refused before it exists", async () => {
    const rv = await h.configure({ ...remoteVolumeProvider });
    const volumeInputs = async (i: number) => (await rv.check!({}, {
      array: DEST, name: `mv${i}`, sizeFrom: { array: SOURCE, volumeId: BUSINESS_VOLUME_ID }, tppId: 0,
      reserveSessionSlot: true, resourceName: `mv${i}`, providerVersion: "1.0.0",
    })).inputs;
    const made = await Promise.allSettled([...Array(9).keys()].map(async (i) => rv.create(await volumeInputs(i))));
    const refused = made.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.equal(refused.length, 1);
    assert.equal(refused[0].reason.check, "session-limit");
    assert.match(refused[0].reason.message, /8 more being prepared by this update/);
    const ids = made.filter((r): r is PromiseFulfilledResult<{ id: string }> => r.status === "fulfilled").map((r) => Number(r.value.id));
    assert.equal((await h.api(DEST, "GET", "/volume")).volume_list.filter((v: Out) => /^mv\d$/.test(v.name)).length, 8, "no ninth volume");
    const sessionsMade = await Promise.allSettled(ids.map(async (v) => provider.create(await checkedFor(v))));
    assert.deepEqual(sessionsMade.map((r) => r.status), Array(8).fill("fulfilled"), JSON.stringify(sessionsMade.filter((r) => r.status === "rejected")));
    assert.equal((await sessions(SOURCE)).length, 8);
  });

  it("id reuse: a foreign session that received our ids is neither refreshed as ours nor deleted", async () => {
    const { id, outs } = await create();
    // Out of band: our session is deleted, and another mirror of the SAME business volume gets the ids.
    await h.api(SOURCE, "DELETE", `/copysession/${outs.copySessionId}`, { is_forced: true });
    const other = await newVolume(DEST, "someone-elses");
    await h.api(SOURCE, "POST", "/copysession/rec", {
      source_volume_id: BUSINESS_VOLUME_ID, destination_volume_id: other,
      source_boxid: h.arrays[SOURCE].boxId, destination_boxid: h.arrays[DEST].boxId, transfer_mode: "Synchronous",
    });
    const foreign = (await sessions(SOURCE))[0];
    assert.equal(foreign.copysession_id, outs.copySessionId, "the array reused the id");
    assert.equal(foreign.remote_copysession_id, outs.remoteCopySessionId, "and the peer id");
    assert.equal((await provider.read!(id, outs)).id, "", "refresh: ours is gone");
    await provider.delete!(id, outs);
    const left = await sessions(SOURCE);
    assert.equal(left.length, 1, "the foreign session is untouched");
    assert.equal(left[0].copysession_id, foreign.copysession_id);
    assert.equal((await sessions(DEST)).length, 1, "and its peer view too");
  });
});
