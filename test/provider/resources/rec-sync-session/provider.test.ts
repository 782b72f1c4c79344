/**
 * Layer 2: every RecSyncSession provider method path, called directly on the exported (thin) provider
 * object, against the simulator: create (pre-flight, wait with progress, timeout = partial failure, adopt,
 * lost response), diff (the announced procedure), update (mode switch, split mode, suspend/resume,
 * restore and back), read (drift, gone, reused id, Error), delete (forced, leftover on the remote array,
 * destination unreachable, already gone).
 */
import { strict as assert } from "assert";
import { P, sessionCalls } from "./session-calls";
import { recSyncSessionProvider as provider } from "../../../../provider/resources/rec-sync-session/resource";
import { UNKNOWN } from "../../../../provider/resources/common/unknown";
import { assertJsonPlain, BUSINESS_VOLUME_ID, DEST, PASSWORD, rejects, SOURCE, startHarness, type Harness } from "../sim-harness";


describe("RecSyncSession provider methods against the simulator", function () {
  this.timeout(60_000);
  let h: Harness;
  let dest: number;

  const { checked, create, update, newVolume, sessions } = sessionCalls(() => h, () => dest);
  const session = (array: string, id: number) => h.api(array, "GET", `/copysession/${id}`);

  before(async () => {
    h = await startHarness();
    await h.configure(provider);
  });
  after(async () => h?.close());
  beforeEach(async () => {
    await h.admin(SOURCE, "POST", "/reset", { seed: true });
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
    dest = await newVolume(DEST, "mirror01");
    h.logs.length = 0;
    h.setPolicy();
  });

  describe("create", () => {
    it("creates, waits for Equivalent, returns JSON-plain outputs with ids and box ids", async () => {
      const { id, outs } = await create();
      assert.equal(id, `${SOURCE}/${outs.copySessionId}`);
      delete outs.__provider;
      assertJsonPlain(outs);
      assert.equal(outs.status, "Active");
      assert.equal(outs.phase, "Equivalent");
      assert.equal(outs.transferMode, "Synchronous");
      assert.equal(outs.splitMode, "Automatic");
      assert.equal(outs.recoveryMode, "Automatic");
      assert.equal(outs.suspended, false);
      assert.equal(outs.direction, "Forward");
      assert.equal(outs.sourceBoxId, h.arrays[SOURCE].boxId);
      assert.equal(outs.destinationBoxId, h.arrays[DEST].boxId);
      assert.equal(typeof outs.remoteCopySessionId, "number");
      assert.ok(!JSON.stringify(outs).includes(PASSWORD));
      // Resource lines carry the resource; the client's own lines (the plain-HTTP warning) carry the array.
      assert.ok(h.logs.every((l) => l.startsWith("[eternus] RecSyncSession mirror01:") || l.startsWith("[eternus] WARNING: array ")), h.logs.join("\n"));
    });

    it("prints a progress line at least every progress interval while copying", async () => {
      await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 5000 }); // 10240 MB: ~2 s
      h.setPolicy({ progressEveryMs: 400 });
      const t0 = h.rt.now();
      await create();
      const elapsed = h.rt.now() - t0; // manual clock: the simulated copy time
      const lines = h.logs.filter((l) => /waiting for Equivalent: status Active, phase Copying, \d+%/.test(l));
      assert.ok(elapsed >= 1500, `the copy took ${elapsed} ms of simulated time`);
      assert.ok(lines.length >= Math.floor(elapsed / 400) - 2, `${lines.length} progress lines in ${elapsed} ms:\n${h.logs.join("\n")}`);
      assert.match(lines[0], /uncopied \d+ of 10240 MB; \d+ s elapsed, \d+ s left \(timeoutSeconds\)/);
    });

    it("direction Reverse cannot create: refused with a stable code before anything is created", async () => {
      const e = await rejects(() => create({ direction: "Reverse" }));
      assert.equal(e.code, "ERR_PREFLIGHT");
      assert.equal(e.check, "reverse-create");
      assert.match(e.message, /direction Reverse cannot create a session/);
      assert.equal((await sessions(SOURCE)).length, 0);
    });

    it("timeout: the session is recorded as a partial failure (id + properties incl. __provider), not leaked; the next update finishes", async () => {
      await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 2000 }); // ~5 s
      const e = await rejects(() => create({ timeoutSeconds: 1 }));
      assert.match(e.message, /timed out after \d+ ms waiting for Equivalent/);
      assert.match(e.id, /^site-a\/\d+$/);
      assert.equal(e.properties.__provider, P);
      assert.equal(e.properties.phase, "Copying");
      assert.deepEqual(e.reasons.length, 1);
      assertJsonPlain(e.properties);
      assert.equal((await sessions(SOURCE)).length, 1);
      const outs = await update(e.id, e.properties, { timeoutSeconds: 60 });
      assert.equal(outs.phase, "Equivalent");
    });

    it("waitForEquivalent false: returns while copying and records the phase", async () => {
      await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 1000 });
      const { outs } = await create({ waitForEquivalent: false });
      assert.equal(outs.phase, "Copying");
    });

    it("suspended: true at create: waits for Equivalent, then a normal suspend confirmed by GET", async () => {
      const { outs } = await create({ suspended: true });
      assert.equal(outs.status, "Suspend");
      assert.equal(outs.suspended, true);
      assert.ok(!h.logs.some((l) => /forced suspend/.test(l)));
    });

    it("Consistency and Stack modes (no split mode)", async () => {
      const c = await create({ transferMode: "Consistency" });
      assert.equal(c.outs.transferMode, "Consistency");
      assert.equal(c.outs.splitMode, undefined);
      await provider.delete!(c.id, c.outs);
      const s = await create({ transferMode: "Stack" });
      assert.equal(s.outs.transferMode, "Stack");
    });

    it("pre-flight: missing volumes, size mismatch, destination already a target, license off; nothing is created", async () => {
      assert.match((await rejects(() => create({ sourceVolumeId: 100077 }))).message, /source volume_id 100077 does not exist on array "site-a"/);
      assert.match((await rejects(() => create({ destinationVolumeId: 100077 }))).message, /destination volume_id 100077 does not exist on array "site-b"/);
      const small = await newVolume(DEST, "small", 5120);
      assert.match((await rejects(() => create({ destinationVolumeId: small }))).message, /has 5120 MB but source volume_id 100000 has 10240 MB: the manual requires the same size/);
      const other = await newVolume(SOURCE, "other-src");
      await h.api(SOURCE, "POST", "/copysession/rec", { source_volume_id: other, destination_volume_id: dest, source_boxid: h.arrays[SOURCE].boxId, destination_boxid: h.arrays[DEST].boxId, transfer_mode: "Synchronous" });
      assert.match((await rejects(() => create())).message, /destination volume_id \d+ on array "site-b" is already the target of copy session \d+/);
      await h.admin(DEST, "PATCH", "/settings", { remote_copy_available: false });
      try {
        assert.match((await rejects(() => create())).message, /remote copy is not available on destination array "site-b"/);
      } finally {
        await h.admin(DEST, "PATCH", "/settings", { remote_copy_available: true });
      }
      assert.equal((await sessions(SOURCE)).length, 1, "only the session made by the test");
    });

    it("pre-flight: at most 8 sessions per source volume", async () => {
      for (let i = 0; i < 8; i++) {
        const v = await newVolume(DEST, `m${i}`);
        await h.api(SOURCE, "POST", "/copysession/rec", { source_volume_id: BUSINESS_VOLUME_ID, destination_volume_id: v, source_boxid: h.arrays[SOURCE].boxId, destination_boxid: h.arrays[DEST].boxId, transfer_mode: "Synchronous" });
      }
      assert.match((await rejects(() => create())).message, /already has 8 copy sessions: at most 8 per source volume/);
    });

    it("a session for the same pair is adopted when it matches, never created twice", async () => {
      const first = await create();
      const again = await create();
      assert.equal(again.id, first.id);
      assert.equal((await sessions(SOURCE)).length, 1);
      assert.ok(h.logs.some((l) => /adopting existing session \d+ for this pair/.test(l)));
    });

    it("a differing same-pair session fails without adopt; adopt takes it over as found", async () => {
      await create({ transferMode: "Consistency" });
      const e = await rejects(() => create());
      assert.match(e.message, /already exists .* differs from the declaration: transfer_mode Consistency \(declared Synchronous\).*Set adopt: true/);
      const a = await create({ adopt: true });
      assert.equal(a.outs.transferMode, "Consistency", "adopt records what is on the array");
      assert.equal((await sessions(SOURCE)).length, 1);
      // the next up applies the declared mode
      const d = await provider.diff!(a.id, a.outs, await checked({ adopt: true }));
      assert.deepEqual(d, { changes: true });
    });

    it("a lost response on POST /copysession/rec adopts the committed session", async () => {
      await h.admin(SOURCE, "POST", "/faults/drop-response", { count: 1, method: "POST", path_prefix: "/api/v1/copysession/rec" });
      const { outs } = await create();
      assert.equal(outs.phase, "Equivalent");
      assert.equal((await sessions(SOURCE)).length, 1);
    });
  });

  describe("diff (preview)", () => {
    it("announces the procedure; replaces source/destination changes (delete first); false when nothing changes", async () => {
      const { id, outs } = await create();
      assert.deepEqual(await provider.diff!(id, outs, await checked()), { changes: false });
      assert.deepEqual(await provider.diff!(id, outs, await checked({ transferMode: "Consistency" }, outs)), { changes: true });
      assert.ok(h.logs.some((l) => l === "[eternus] RecSyncSession mirror01: will suspend -> wait until suspended -> PATCH transfer_mode Consistency -> resume -> wait for Equivalent"), h.logs.join("\n"));
      await provider.diff!(id, outs, await checked({ direction: "Reverse" }, outs));
      assert.ok(h.logs.some((l) => /will suspend -> wait until suspended -> reverse -> resume -> wait for Equivalent \(restore from the mirror: copy destination -> source\)/.test(l)));
      await provider.diff!(id, outs, await checked({ suspended: true }, outs));
      assert.ok(h.logs.some((l) => /will suspend -> wait until suspended$/.test(l)));
      const other = await newVolume(DEST, "other");
      assert.deepEqual(await provider.diff!(id, outs, await checked({ destinationVolumeId: other }, outs)), { changes: true, replaces: ["destinationVolumeId"], deleteBeforeReplace: true });
      assert.ok(h.logs.some((l) => new RegExp(`WARNING: the replacement deletes copy session ${outs.copySessionId}: until the new session's full initial copy reaches Equivalent, the mirror volume ${dest} on "site-b" is NOT an up-to-date DR copy`).test(l)), h.logs.join("\n"));
      assert.deepEqual(await provider.diff!(id, outs, { ...(await checked()), sourceVolumeId: UNKNOWN }), { changes: true, replaces: ["sourceVolumeId"], deleteBeforeReplace: true });
      assert.deepEqual(await provider.diff!(id, outs, { ...(await checked()), transferMode: UNKNOWN }), { changes: true });
      assert.deepEqual(await provider.diff!(id, outs, await checked({ providerVersion: "2.0.0" })), { changes: true });
      assert.deepEqual(await provider.diff!(id, outs, await checked({ timeoutSeconds: 60 })), { changes: true });
      assert.deepEqual(await provider.diff!(id, outs, await checked({ adopt: true })), { changes: false });
    });
  });

  describe("update", () => {
    it("Synchronous -> Consistency -> Synchronous: suspend, PATCH, resume; split_mode sent again on the way back", async () => {
      const { id, outs } = await create();
      const c = await update(id, outs, { transferMode: "Consistency" });
      assert.equal(c.transferMode, "Consistency");
      assert.equal(c.status, "Active");
      const onArray = await session(SOURCE, c.copySessionId);
      assert.equal(onArray.split_mode, "Manual", "the array set split mode to Manual on the way out");
      const s = await update(id, c, { transferMode: "Synchronous" });
      assert.equal(s.transferMode, "Synchronous");
      assert.equal(s.splitMode, "Automatic");
      assert.equal((await session(SOURCE, s.copySessionId)).split_mode, "Automatic");
      assert.equal(s.phase, "Equivalent");
      assert.ok(h.logs.some((l) => /step: PATCH split_mode Automatic/.test(l)));
    });

    it("to Stack works; back from a Stack session that is not Equivalent is refused with the procedure, nothing sent", async () => {
      const { id, outs } = await create();
      const st = await update(id, outs, { transferMode: "Stack" });
      assert.equal(st.transferMode, "Stack");
      const mutating = () => h.requests.filter((r) => !/ GET /.test(r) && !/\/session/.test(r)).length;
      const before = mutating();
      await assert.rejects(update(id, st, { transferMode: "Synchronous" }), (e: Error & { code?: string }) =>
        /only in phase Equivalent/.test(e.message) && /Procedure/.test(e.message));
      assert.equal(mutating(), before, "no suspend or PATCH was sent");
      const onArray = await session(SOURCE, st.copySessionId);
      assert.equal(onArray.transfer_mode, "Stack");
      assert.equal(onArray.status, "Active");
    });

    it("suspended toggles suspend / resume", async () => {
      const { id, outs } = await create();
      const s = await update(id, outs, { suspended: true });
      assert.equal(s.status, "Suspend");
      assert.equal((await session(SOURCE, s.copySessionId)).status, "Suspend");
      const r = await update(id, s, { suspended: false });
      assert.equal(r.status, "Active");
      assert.equal(r.phase, "Equivalent");
    });

    it("direction Reverse = restore (suspend, reverse, resume, wait) and back to Forward", async () => {
      const { id, outs } = await create();
      const rev = await update(id, outs, { direction: "Reverse" });
      assert.equal(rev.direction, "Reverse");
      assert.equal(rev.phase, "Equivalent");
      const onDest = await session(DEST, rev.remoteCopySessionId);
      assert.equal(onDest.is_local_source_volume, true, "the mirror is now the copy source");
      const fwd = await update(id, rev, { direction: "Forward" });
      assert.equal(fwd.direction, "Forward");
      assert.equal(fwd.status, "Active");
    });

    it("refuses a reverse while the initial copy is incomplete (data-loss guard), without touching the session", async () => {
      await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 500 });
      const { id, outs } = await create({ waitForEquivalent: false });
      const e = await rejects(() => update(id, outs, { direction: "Reverse", waitForEquivalent: false }));
      assert.match(e.message, /direction change refused: the session is still copying/);
      assert.equal(e.id, undefined, "nothing changed: not a partial failure");
      assert.equal((await session(SOURCE, outs.copySessionId)).status, "Active");
    });

    it("a session deleted outside Pulumi: update says to refresh", async () => {
      const { id, outs } = await create();
      await h.api(SOURCE, "DELETE", `/copysession/${outs.copySessionId}`, { is_forced: true });
      assert.match((await rejects(() => update(id, outs, { suspended: true }))).message, /no longer exists on array "site-a".*pulumi refresh/);
    });
  });

  describe("read (refresh)", () => {
    it("reflects an out-of-band suspend and reverse; the next diff plans the way back", async () => {
      const { id, outs } = await create();
      await h.api(SOURCE, "POST", `/copysession/${outs.copySessionId}/suspend`);
      h.rt.advance(100); // the suspend completes on the manual clock
      await h.api(SOURCE, "POST", `/copysession/${outs.copySessionId}/reverse`);
      const r = await provider.read!(id, outs);
      assert.equal(r.id, id);
      assert.equal(r.props!.suspended, true);
      assert.equal(r.props!.direction, "Reverse");
      assert.equal(r.inputs!.direction, "Reverse");
      assertJsonPlain(r.props);
      assert.ok(h.logs.some((l) => /changed outside Pulumi: suspended, direction Forward -> Reverse/.test(l)));
      h.logs.length = 0;
      const refreshed = { ...r.props, __provider: P };
      assert.deepEqual(await provider.diff!(id, refreshed, await checked({}, refreshed)), { changes: true });
      assert.ok(h.logs.some((l) => /will reverse -> resume -> wait for Equivalent \(back to Forward/.test(l)), h.logs.join("\n"));
      const healed = await update(id, refreshed, {});
      assert.equal(healed.direction, "Forward");
      assert.equal(healed.status, "Active");
    });

    it("gone -> removed from state; a reused id naming another session -> removed", async () => {
      const { id, outs } = await create();
      await h.api(SOURCE, "DELETE", `/copysession/${outs.copySessionId}`, { is_forced: true });
      assert.equal((await provider.read!(id, outs)).id, "");
      // same id, different pair: ids are reused after deletion
      const v2 = await newVolume(SOURCE, "src2");
      const d2 = await newVolume(DEST, "dst2");
      await h.api(SOURCE, "POST", "/copysession/rec", { source_volume_id: v2, destination_volume_id: d2, source_boxid: h.arrays[SOURCE].boxId, destination_boxid: h.arrays[DEST].boxId, transfer_mode: "Synchronous" });
      assert.equal((await session(SOURCE, outs.copySessionId)).copysession_id, outs.copySessionId);
      assert.equal((await provider.read!(id, outs)).id, "");
    });

    it("status Error -> recorded with a warning naming the cause; the next diff plans a replacement; delete+create recovers", async () => {
      const { id, outs } = await create();
      await h.admin(DEST, "POST", "/overload", {});
      const r = await provider.read!(id, outs);
      assert.equal(r.props!.status, "Error");
      assert.ok(h.logs.some((l) => /WARNING: status Error \(error_code b1\): the manual says remove the cause.*REPLACES it/.test(l)), h.logs.join("\n"));
      const errored = { ...r.props, __provider: P };
      assert.deepEqual(await provider.diff!(id, errored, await checked({}, errored)), { changes: true, replaces: ["status"], deleteBeforeReplace: true });
      assert.ok(h.logs.some((l) => /will REPLACE \(delete, then re-create with a full copy\): status Error \(error_code b1\)/.test(l)));
      await provider.delete!(id, errored);
      const again = await create();
      assert.equal(again.outs.status, "Active");
    });
  });

  describe("delete", () => {
    it("force-deletes, waits until gone on both arrays; already gone is success", async () => {
      const { id, outs } = await create();
      await provider.delete!(id, outs);
      assert.equal((await sessions(SOURCE)).length, 0);
      assert.equal((await sessions(DEST)).length, 0);
      await provider.delete!(id, outs);
      assert.ok(h.logs.some((l) => /already gone from array "site-a"/.test(l)));
    });

    it("copy path down: the leftover on the remote array is force-deleted there", async () => {
      const { id, outs } = await create();
      await h.admin(SOURCE, "POST", "/copy-path", { peer: DEST, up: false });
      try {
        await provider.delete!(id, outs);
        assert.equal((await sessions(SOURCE)).length, 0);
        assert.equal((await sessions(DEST)).length, 0, "no leftover on the destination array");
        assert.ok(h.logs.some((l) => /leftover copy session \d+ on destination array "site-b".*force-deleting it there/.test(l)), h.logs.join("\n"));
      } finally {
        await h.admin(SOURCE, "POST", "/copy-path", { peer: DEST, up: true });
      }
    });

    it("destination array unreachable: deletes on the source, warns loudly, succeeds", async () => {
      const { id, outs } = await create();
      const broken = JSON.parse(h.arraysConfig);
      broken[DEST].endpoint = "http://127.0.0.1:9"; // discard port: connection refused
      const p2 = await h.configure({ ...provider }, JSON.stringify(broken));
      await p2.delete!(id, outs);
      assert.equal((await sessions(SOURCE)).length, 0);
      assert.ok(h.logs.some((l) => /WARNING: could not check destination array "site-b" for a leftover/.test(l)), h.logs.join("\n"));
    });

    it("source array unreachable: cleans the destination side, then fails naming the way out", async () => {
      const { id, outs } = await create();
      const broken = JSON.parse(h.arraysConfig);
      broken[SOURCE].endpoint = "http://127.0.0.1:9";
      const p2 = await h.configure({ ...provider }, JSON.stringify(broken));
      const e = await rejects(() => p2.delete!(id, outs));
      assert.match(e.message, /may still exist on source array "site-a".*pulumi state delete/);
      await provider.delete!(id, outs);
    });
  });
});
