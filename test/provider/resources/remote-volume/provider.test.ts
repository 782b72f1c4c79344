/**
 * Layer 2: every RemoteVolume provider method, called directly on the exported (thin) provider object,
 * against the simulator. __provider is passed in news/olds/props as the engine does.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { CreateIntents } from "../../../../provider/resources/common/create-intents";
import { remoteVolumeProvider as provider } from "../../../../provider/resources/remote-volume/resource";
import { SWEEP_REUSE_MS } from "../../../../provider/resources/common/read-sweep";
import { UNANSWERED_MEMORY_MS } from "../../../../provider/resources/common/unanswered-arrays";
import { UNKNOWN } from "../../../../provider/resources/common/unknown";
import { assertJsonPlain, BUSINESS_VOLUME_ID, DEST, PASSWORD, rejects, SOURCE, startHarness, type Harness } from "../sim-harness";

const P = "exports.handler = __f0; /* serialized provider text */";

describe("RemoteVolume provider methods against the simulator", function () {
  this.timeout(60_000);
  let h: Harness;
  const inputs = (o: Record<string, unknown> = {}) => ({ array: DEST, name: "mirror01", capacityMb: 10240, tppId: 0, resourceName: "mv", providerVersion: "1.0.0", __provider: P, ...o });

  before(async () => {
    h = await startHarness();
    await h.configure(provider);
  });
  after(async () => h?.close());
  beforeEach(async () => {
    await h.admin(SOURCE, "POST", "/reset", { seed: true });
    h.logs.length = 0;
  });

  async function create(o: Record<string, unknown> = {}) {
    const { inputs: checked, failures } = await provider.check!({}, inputs(o));
    assert.deepEqual(failures, []);
    const r = await provider.create({ ...checked, __provider: P });
    return { id: r.id, outs: { ...r.outs, __provider: P } as Record<string, any> };
  }

  it("check: config-aware array validation, defaults, __provider stripped", async () => {
    const ok = await provider.check!({}, inputs());
    assert.deepEqual(ok.failures, []);
    assert.equal(ok.inputs.adopt, false);
    assert.ok(!("__provider" in ok.inputs));
    const bad = await provider.check!({}, inputs({ array: "nowhere" }));
    assert.match(bad.failures![0].reason, /unknown array "nowhere" \(known arrays: site-a, site-b\)/);
    const unknown = await provider.check!({}, inputs({ name: UNKNOWN, capacityMb: UNKNOWN }));
    assert.deepEqual(unknown.failures, []);
  });

  it("create: TPV with capacityMb; outputs JSON-plain, no credentials", async () => {
    const { id, outs } = await create();
    assert.equal(id, String(outs.volumeId));
    delete outs.__provider;
    assertJsonPlain(outs);
    assert.equal(outs.capacityMb, 10240);
    assert.equal(outs.name, "mirror01");
    assert.equal(outs.volumeType, "TPV");
    assert.equal(outs.boxId, h.arrays[DEST].boxId);
    assert.equal(typeof outs.uid, "string");
    assert.ok(!JSON.stringify(outs).includes(PASSWORD));
    assert.ok(h.logs.some((l) => l.startsWith("[eternus] RemoteVolume mv: creating volume \"mirror01\"")));
  });

  it("create: Standard volume in a RAID group; sizeFrom copies the business volume's size", async () => {
    const std = await create({ name: "std01", tppId: undefined, raidGroupId: 0, capacityMb: 2048 });
    assert.equal(std.outs.volumeType, "Standard");
    const sized = await create({ name: "sized01", capacityMb: undefined, sizeFrom: { array: SOURCE, volumeId: BUSINESS_VOLUME_ID } });
    assert.equal(sized.outs.capacityMb, 10240);
    assert.deepEqual(sized.outs.sizeFrom, { array: SOURCE, volumeId: BUSINESS_VOLUME_ID });
    const e = await rejects(() => create({ name: "sized02", capacityMb: undefined, sizeFrom: { array: SOURCE, volumeId: 100099 } }));
    assert.match(e.message, /sizeFrom: volume_id 100099 does not exist on array "site-a"/);
  });

  it("create: an existing name fails without adopt, is taken over with adopt (same size and pool only)", async () => {
    const first = await create();
    const e = await rejects(() => create());
    assert.match(e.message, /already exists on array "site-b".*set adopt: true/);
    const adopted = await create({ adopt: true });
    assert.equal(adopted.id, first.id);
    assert.ok(h.logs.some((l) => /adopted existing volume "mirror01"/.test(l)));
    const wrongSize = await rejects(() => create({ adopt: true, capacityMb: 20480 }));
    assert.match(wrongSize.message, /cannot adopt.*capacity is 10240 MB, declared 20480 MB/);
    const wrongPool = await rejects(() => create({ adopt: true, tppId: undefined, raidGroupId: 0 }));
    assert.match(wrongPool.message, /cannot adopt.*thin pool 0, declared RAID group 0/);
  });

  it("create after an interrupted create (process killed after the POST): the recorded intent makes it ours", async () => {
    const intents = new CreateIntents(h.intentDir);
    // What the killed process left: its intent record, and the volume the array created for it.
    intents.record({ boxId: h.arrays[DEST].boxId, name: "mirror01", capacityMb: 10240, tppId: 0, resourceName: "mv", startedAt: "2026-01-01T00:00:00Z" });
    const job = await h.api(DEST, "POST", "/volume", { name: "mirror01", capacity: 10240, tpp_id: 0 });
    const volumeId = Number(String(job.resource_href_list[0]).split("/").pop());
    const { id } = await create();
    assert.equal(id, String(volumeId), "the existing volume is taken over");
    assert.ok(h.logs.some((l) => /was created by an earlier create of this resource that was interrupted/.test(l)), h.logs.join("\n"));
    assert.equal(intents.find(h.arrays[DEST].boxId, "mirror01"), undefined, "the intent is cleared");
    assert.equal((await h.api(DEST, "GET", "/volume")).volume_list.filter((v: any) => v.name === "mirror01").length, 1);
  });

  it("create: a same-named volume without a matching intent (someone else's, or another size) is never taken", async () => {
    const intents = new CreateIntents(h.intentDir);
    intents.record({ boxId: h.arrays[DEST].boxId, name: "mirror01", capacityMb: 20480, tppId: 0, startedAt: "2026-01-01T00:00:00Z" });
    await h.api(DEST, "POST", "/volume", { name: "mirror01", capacity: 10240, tpp_id: 0 });
    const e = await rejects(() => create());
    assert.equal(e.code, "ERR_PREFLIGHT");
    assert.match(e.message, /already exists .* no record of creating it; set adopt: true/);
    intents.forget(h.arrays[DEST].boxId, "mirror01");
  });

  it("a successful create leaves no intent behind", async () => {
    await create();
    assert.deepEqual(fs.readdirSync(h.intentDir), []);
  });

  it("create: a lost response (committed, answer dropped) adopts the volume; no second one", async () => {
    await h.admin(DEST, "POST", "/faults/drop-response", { count: 1, method: "POST", path_prefix: "/api/v1/volume" });
    const { outs } = await create({ name: "lost01" });
    const all = await h.api(DEST, "GET", "/volume");
    assert.equal(all.volume_list.filter((v: { name: string }) => v.name === "lost01").length, 1);
    assert.equal(outs.name, "lost01");
  });

  it("diff: rename and grow in place; shrink, pool or array change replace (delete first); no-op is changes:false", async () => {
    const { id, outs } = await create();
    const news = async (o: Record<string, unknown>) => ({ ...(await provider.check!({}, inputs(o))).inputs, __provider: P + " changed code" });
    assert.deepEqual(await provider.diff!(id, outs, await news({})), { changes: false });
    assert.deepEqual(await provider.diff!(id, outs, await news({ name: "mirror02" })), { changes: true });
    assert.deepEqual(await provider.diff!(id, outs, await news({ capacityMb: 20480 })), { changes: true });
    assert.deepEqual(await provider.diff!(id, outs, await news({ capacityMb: 5120 })), { changes: true, replaces: ["capacityMb"], deleteBeforeReplace: true });
    assert.deepEqual(await provider.diff!(id, outs, await news({ tppId: undefined, raidGroupId: 0 })), { changes: true, replaces: ["tppId", "raidGroupId"], deleteBeforeReplace: true });
    assert.deepEqual(await provider.diff!(id, outs, await news({ array: SOURCE })), { changes: true, replaces: ["array"], deleteBeforeReplace: true });
    assert.deepEqual(await provider.diff!(id, outs, await news({ providerVersion: "1.1.0" })), { changes: true });
    assert.deepEqual(await provider.diff!(id, outs, await news({ adopt: true })), { changes: false });
    assert.deepEqual(await provider.diff!(id, outs, { ...(await news({})), name: UNKNOWN }), { changes: true });
    assert.deepEqual(await provider.diff!(id, outs, { ...(await news({})), tppId: UNKNOWN }), { changes: true, replaces: ["tppId"], deleteBeforeReplace: true });
    assert.ok(h.logs.some((l) => /^\[eternus\] RemoteVolume mv: will REPLACE .*shrink 10240 -> 5120 MB/.test(l)));
    // The replacement deletes the data: preview says so and how to keep it.
    assert.ok(h.logs.some((l) => /RemoteVolume mv: WARNING: deleting volume "mirror01" \(volume_id \d+\) on array "site-b" deletes its data: if it is a REC mirror, the DR copy is gone .*retainOnDelete: true \(MirroredVolume: retainMirrorVolume: true\).*deletes only the session/.test(l)), h.logs.join("\n"));
    assert.ok(h.logs.some((l) => /^\[eternus\] RemoteVolume mv: will update in place: rename "mirror01" -> "mirror02"/.test(l)));
  });

  it("diff with sizeFrom follows the business volume's size", async () => {
    const { id, outs } = await create({ capacityMb: undefined, sizeFrom: { array: SOURCE, volumeId: BUSINESS_VOLUME_ID } });
    const news = { ...(await provider.check!({}, inputs({ capacityMb: undefined, sizeFrom: { array: SOURCE, volumeId: BUSINESS_VOLUME_ID } }))).inputs, __provider: P };
    assert.deepEqual(await provider.diff!(id, outs, news), { changes: false });
    await h.api(SOURCE, "POST", `/volume/${BUSINESS_VOLUME_ID}/expand`, { new_capacity: 20480 });
    assert.deepEqual(await provider.diff!(id, outs, news), { changes: true });
    const { outs: after } = await provider.update!(id, outs, news);
    assert.equal(after.capacityMb, 20480);
  });

  it("diff with the sizeFrom array black-holed: the first diff waits for the probe, the next ones skip it at once; asked again after the window", async () => {
    const sized = { capacityMb: undefined, sizeFrom: { array: SOURCE, volumeId: BUSINESS_VOLUME_ID } };
    const { id, outs } = await create(sized);
    const news = { ...(await provider.check!({}, inputs(sized))).inputs, __provider: P };
    const diff = () => provider.diff!(id, outs, news);
    /** A diff that asks the black hole: the manual clock passes the probe (3 s here) while it waits. */
    const diffRunningOutTheProbe = async () => {
      const d = diff();
      await new Promise((resolve) => setImmediate(resolve));
      h.rt.advance(3_000);
      return d;
    };
    const sizeWarnings = () => h.logs.filter((l) => /cannot read the size of sizeFrom volume 100000 on "site-a"/.test(l));
    h.rt.advance(SWEEP_REUSE_MS); // no sweep of an earlier read answers for the array
    await h.sim.outage(SOURCE, "blackhole");
    try {
      assert.deepEqual(await diffRunningOutTheProbe(), { changes: false }, "unknown size: assumed unchanged, never a replacement");
      assert.equal(h.logs.filter((l) => /array "site-a" did not answer within 3 s; not asked again for 60 s/.test(l)).length, 1, h.logs.join("\n"));
      const at = h.rt.now();
      assert.deepEqual(await diff(), { changes: false });
      assert.deepEqual(await diff(), { changes: false });
      assert.equal(h.rt.now(), at, "the next diffs did not wait");
      assert.equal(sizeWarnings().filter((l) => /array "site-a" is not answering \(no answer within 3 s/.test(l)).length, 2, sizeWarnings().join("\n"));
      h.rt.advance(UNANSWERED_MEMORY_MS);
      assert.deepEqual(await diffRunningOutTheProbe(), { changes: false });
      assert.equal(sizeWarnings().filter((l) => !/is not answering/.test(l)).length, 2, "asked again after the window");
    } finally {
      await h.sim.restore(SOURCE);
    }
    h.rt.advance(UNANSWERED_MEMORY_MS);
    await h.api(SOURCE, "POST", `/volume/${BUSINESS_VOLUME_ID}/expand`, { new_capacity: 20480 });
    assert.deepEqual(await diff(), { changes: true }, "back: the size is read again");
  });

  it("update: rename (read back) and expand", async () => {
    const { id, outs } = await create();
    const news = { ...(await provider.check!({}, inputs({ name: "mirror02", capacityMb: 20480 }))).inputs, __provider: P };
    const { outs: after } = await provider.update!(id, outs, news);
    assert.equal(after.name, "mirror02");
    assert.equal(after.capacityMb, 20480);
    const v = await h.api(DEST, "GET", `/volume/${outs.volumeId}`);
    assert.equal(v.name, "mirror02");
    assert.equal(v.capacity, 20480);
  });

  it("update: lost responses on the rename (PATCH) and the expand are read back; both take effect once", async () => {
    const { id, outs } = await create();
    await h.admin(DEST, "POST", "/faults/drop-response", { count: 1, method: "PATCH", path_prefix: `/api/v1/volume/${outs.volumeId}` });
    await h.admin(DEST, "POST", "/faults/drop-response", { count: 1, method: "POST", path_prefix: `/api/v1/volume/${outs.volumeId}/expand` });
    const news = { ...(await provider.check!({}, inputs({ name: "mirror02", capacityMb: 20480 }))).inputs, __provider: P };
    const { outs: after } = await provider.update!(id, outs, news);
    assert.equal(after.name, "mirror02");
    assert.equal(after.capacityMb, 20480);
    assert.equal(h.logs.filter((l) => /the response was lost/.test(l)).length, 2, h.logs.join("\n"));
    assert.equal(h.logs.filter((l) => /the array shows it took effect; continuing/.test(l)).length, 2);
  });

  it("update: expand refused while a REC session uses the volume, naming it and the procedure; the rename before it is recorded", async () => {
    const { id, outs } = await create();
    const sys = await h.api(DEST, "GET", "/storagesystem");
    const src = await h.api(SOURCE, "GET", "/storagesystem");
    await h.api(SOURCE, "POST", "/copysession/rec", { source_volume_id: BUSINESS_VOLUME_ID, destination_volume_id: outs.volumeId, source_boxid: src.boxid, destination_boxid: sys.boxid, transfer_mode: "Synchronous" });
    const news = { ...(await provider.check!({}, inputs({ name: "renamed01", capacityMb: 20480 }))).inputs, __provider: P };
    const e = await rejects(() => provider.update!(id, outs, news));
    assert.match(e.message, /cannot expand .* while copy session 0 \(Remote_Mirror destination of volume 100000.*Procedure: delete the RecSyncSession.*expand the business volume and this volume/);
    assert.equal(e.id, id, "partial failure: the rename that did happen is recorded");
    assert.equal(e.properties.name, "renamed01");
    assert.equal(e.properties.__provider, P);
  });

  it("update: a Standard volume cannot be expanded (TPV only)", async () => {
    const { id, outs } = await create({ name: "std01", tppId: undefined, raidGroupId: 0, capacityMb: 2048 });
    const news = { ...(await provider.check!({}, inputs({ name: "std01", tppId: undefined, raidGroupId: 0, capacityMb: 4096 }))).inputs, __provider: P };
    const e = await rejects(() => provider.update!(id, outs, news));
    assert.match(e.message, /Standard volume and the array expands TPV \(thin\) volumes only/);
  });

  it("read: reflects an out-of-band rename (and returns inputs); a deleted or reused id is gone", async () => {
    const { id, outs } = await create();
    await h.api(DEST, "PATCH", `/volume/${outs.volumeId}`, { new_name: "oob-name" });
    const r = await provider.read!(id, outs);
    assert.equal(r.id, id);
    assert.equal(r.props!.name, "oob-name");
    assert.equal(r.inputs!.name, "oob-name");
    assert.equal(r.inputs!.capacityMb, 10240);
    assert.equal(r.inputs!.tppId, 0);
    assertJsonPlain(r.props);
    // the next diff renames it back
    const news = { ...(await provider.check!({}, inputs())).inputs, __provider: P };
    assert.deepEqual(await provider.diff!(id, { ...r.props, __provider: P }, news), { changes: true });

    await h.api(DEST, "DELETE", `/volume/${outs.volumeId}`);
    assert.equal((await provider.read!(id, outs)).id, "");
    // the id is reused by another volume: not ours (uid differs)
    await h.api(DEST, "POST", "/volume", { name: "other", capacity: 1024, tpp_id: 0 });
    assert.equal((await provider.read!(id, outs)).id, "");
  });

  it("delete: refused while a copy session uses the volume, naming it; then deletes; already gone is success", async () => {
    const { id, outs } = await create();
    const src = await h.api(SOURCE, "GET", "/storagesystem");
    await h.api(SOURCE, "POST", "/copysession/rec", { source_volume_id: BUSINESS_VOLUME_ID, destination_volume_id: outs.volumeId, source_boxid: src.boxid, destination_boxid: h.arrays[DEST].boxId, transfer_mode: "Synchronous" });
    const e = await rejects(() => provider.delete!(id, outs));
    assert.match(e.message, /refusing to delete volume "mirror01".*still used by copy session 0/);
    await h.api(SOURCE, "DELETE", "/copysession/0", { is_forced: true });
    await provider.delete!(id, outs);
    assert.equal((await provider.read!(id, outs)).id, "");
    await provider.delete!(id, outs);
    assert.ok(h.logs.some((l) => /already gone/.test(l)));
  });
});
