/**
 * Refresh of many sessions (provider/resources/common/read-sweep.ts through RecSyncSession read): 100
 * reads close together cost a few list pages on the source array, identity still holds, and a mutation by
 * this process makes the sweep stale.
 */
import { strict as assert } from "assert";
import { sessionCalls, type Out } from "./session-calls";
import { recSyncSessionProvider as provider } from "../../../../provider/resources/rec-sync-session/resource";
import { BUSINESS_VOLUME_ID, DEST, SOURCE, startHarness, type Harness } from "../sim-harness";

describe("RecSyncSession refresh of many sessions: one sweep per array", function () {
  this.timeout(120_000);
  let h: Harness;
  let dest: number;
  const { create, update, newVolume, sessions } = sessionCalls(() => h, () => dest);
  const onSource = () => h.requests.filter((r) => r.startsWith(`${SOURCE} `));

  before(async () => {
    h = await startHarness();
    await h.configure(provider);
  });
  after(async () => h?.close());
  beforeEach(async () => {
    await h.admin(SOURCE, "POST", "/reset", { seed: true });
    await h.admin(DEST, "POST", "/reset", { seed: true });
    h.rt.advance(60_000); // no sweep of an earlier test is reused
  });

  it("refresh of 100 sessions: at most 5 requests to the source array, every session read as ours", async () => {
    const mirrors: { id: string; outs: Out }[] = [];
    for (let b = 0; b * 8 < 100; b++) {
      const business = b === 0 ? BUSINESS_VOLUME_ID : await newVolume(SOURCE, `business_${b}`);
      for (let i = 0; i < 8 && mirrors.length < 100; i++) {
        dest = await newVolume(DEST, `mirror_${mirrors.length}`);
        mirrors.push(await create({ sourceVolumeId: business, waitForEquivalent: false }));
      }
    }
    h.rt.advance(60_000);
    h.requests.length = 0;
    const read = await Promise.all(mirrors.map((m) => provider.read!(m.id, m.outs)));
    assert.deepEqual(read.map((r) => r.id), mirrors.map((m) => m.id), "every session is still ours");
    assert.deepEqual(read.map((r) => r.props.copySessionId), mirrors.map((m) => m.outs.copySessionId));
    const made = onSource();
    if (process.env.SHOW_COUNTS) console.log(made.join("\n"));
    assert.ok(made.length <= 5, `${made.length} requests to ${SOURCE}:\n${made.join("\n")}`);
    assert.ok(made.some((r) => /GET \/api\/v1\/copysession\?/.test(r) || /GET \/api\/v1\/copysession$/.test(r)), "a list sweep");
  });

  it("a reused id in the sweep is not ours: refresh says gone, the foreign session is untouched", async () => {
    dest = await newVolume(DEST, "mirror01");
    const { id, outs } = await create({ waitForEquivalent: false });
    const spare = await newVolume(DEST, "mirror02");
    dest = spare;
    const second = await create({ waitForEquivalent: false });
    await h.api(SOURCE, "DELETE", `/copysession/${outs.copySessionId}`, { is_forced: true });
    const other = await newVolume(DEST, "someone-elses");
    await h.api(SOURCE, "POST", "/copysession/rec", {
      source_volume_id: BUSINESS_VOLUME_ID, destination_volume_id: other,
      source_boxid: h.arrays[SOURCE].boxId, destination_boxid: h.arrays[DEST].boxId, transfer_mode: "Synchronous",
    });
    const foreign = (await sessions(SOURCE)).find((s) => s.copysession_id === outs.copySessionId);
    assert.ok(foreign, "the array reused the id");
    h.rt.advance(60_000);
    h.requests.length = 0;
    const [mine, gone] = await Promise.all([provider.read!(second.id, second.outs), provider.read!(id, outs)]);
    assert.ok(onSource().some((r) => /GET \/api\/v1\/copysession(\?|$)/.test(r)), `the second read came through a sweep:\n${onSource().join("\n")}`);
    assert.equal(mine.id, second.id);
    assert.equal(gone.id, "", "refresh: ours is gone, the foreign session with our id is not adopted");
  });

  it("a mutation by this process makes the sweep stale: the next read sees the array after it", async () => {
    const destA = await newVolume(DEST, "mirror01");
    dest = destA;
    const a = await create();
    dest = await newVolume(DEST, "mirror02");
    const b = await create();
    h.rt.advance(60_000);
    await Promise.all([provider.read!(a.id, a.outs), provider.read!(b.id, b.outs)]); // a sweep now serves reads
    const suspended = await update(a.id, a.outs, { suspended: true, destinationVolumeId: destA });
    assert.equal(suspended.suspended, true);
    const again = await provider.read!(a.id, a.outs);
    assert.equal(again.props.suspended, true, "read after the suspend: not the sweep taken before it");
  });
});
