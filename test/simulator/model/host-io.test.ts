import * as assert from "node:assert/strict";
import { snapshot } from "../../../simulator/model/copy-session";
import { InvalidState } from "../../../simulator/model/errors";
import { hostWriteBlocks, volumeDigest } from "../../../simulator/model/host-io";
import { resumeRec, reverseRec, suspendRec } from "../../../simulator/model/rec-operations";
import { RecSession } from "../../../simulator/model/types";
import { Fixture, fixture, mirror } from "./world-fixture";

const COPY_MS = 6000; // 10240 MB at 2000 MB/s, with room
const write = (f: Fixture, side: "a" | "b", vol: number, block: number, id: string, count = 1) =>
  hostWriteBlocks(f.world, f[side], vol, { start: block, count }, id);
const digestOf = (f: Fixture, side: "a" | "b", vol: number) => volumeDigest(f.world, f[side], vol);
const same = (f: Fixture, s: RecSession) => digestOf(f, "a", s.srcVolumeId).digest === digestOf(f, "b", s.dstVolumeId).digest;
const view = (f: Fixture, s: RecSession) => snapshot(s, f.clock.now(), f.world.settings.copyRateMbps);

describe("model/host-io: content writes, digests and REC copies [M:rec-post, M:suspend, M:resume, M:reverse]", () => {
  it("the initial copy carries what the source held; the destination is incomplete until it lands", () => {
    const f = fixture();
    write(f, "a", f.srcVol, 7, "w1", 3);
    const s = mirror(f);
    assert.equal(digestOf(f, "b", s.dstVolumeId).incomplete, true);
    assert.ok(!same(f, s));
    f.clock.advance(COPY_MS);
    assert.equal(digestOf(f, "b", s.dstVolumeId).incomplete, false);
    assert.ok(same(f, s));
    assert.equal(digestOf(f, "b", s.dstVolumeId).written_blocks, 3);
  });

  it("Synchronous in Equivalent: the write reaches the destination before it is acknowledged", () => {
    const f = fixture();
    const s = mirror(f);
    f.clock.advance(COPY_MS);
    const r = write(f, "a", f.srcVol, 1, "w2");
    assert.deepEqual(r.reached.map((c) => c.array), ["site-a", "site-b"]);
    assert.equal(r.queued.length, 0);
    assert.ok(same(f, s), "no time passed and the copy has it");
  });

  it("Consistency lags: the write is queued and reaches the destination as the copy progresses", () => {
    const f = fixture({ copyRateMbps: 10 });
    const s = mirror(f, { mode: "Consistency" });
    f.clock.advance(1100_000); // 10240 MB at 10 MB/s
    assert.equal(view(f, s).phase, "Equivalent");
    const r = write(f, "a", f.srcVol, 0, "w3", 20);
    assert.deepEqual([r.reached.length, r.queued.map((c) => c.array)], [1, ["site-b"]]);
    assert.ok(!same(f, s));
    f.clock.advance(1000);
    assert.ok(!same(f, s), "20 MB at 10 MB/s take 2 s");
    f.clock.advance(1000);
    assert.ok(same(f, s));
  });

  it("[M:rec-post] the destination of an active session cannot be written; a suspended one can", () => {
    const f = fixture();
    const s = mirror(f);
    f.clock.advance(COPY_MS);
    assert.throws(() => write(f, "b", s.dstVolumeId, 0, "x"), InvalidState);
    suspendRec(f.world, s, false);
    f.clock.advance(1000);
    const r = write(f, "b", s.dstVolumeId, 0, "dr1");
    assert.deepEqual(r.tracked.map((c) => c.array), ["site-a"]);
  });

  it("[M:resume] resume copies only the changed blocks and discards the destination's own writes", () => {
    const f = fixture();
    const s = mirror(f);
    f.clock.advance(COPY_MS);
    write(f, "a", f.srcVol, 0, "base", 100);
    suspendRec(f.world, s, false);
    f.clock.advance(1000);
    write(f, "a", f.srcVol, 10, "src-while-suspended", 5);
    write(f, "b", s.dstVolumeId, 50, "dst-while-suspended", 5);
    write(f, "b", s.dstVolumeId, 500, "dst-new-block", 1);
    assert.equal(view(f, s).trackingMb, 11);
    resumeRec(f.world, s);
    assert.equal(view(f, s).uncopiedMb, 11, "only the changes are copied");
    f.clock.advance(1000);
    assert.ok(same(f, s), "destination writes were overwritten or erased");
    assert.equal(digestOf(f, "b", s.dstVolumeId).written_blocks, 100);
  });

  it("[M:suspend] a forced suspend while Copying leaves the destination incomplete", () => {
    const f = fixture();
    write(f, "a", f.srcVol, 0, "w", 10);
    const s = mirror(f);
    f.clock.advance(1000);
    suspendRec(f.world, s, true);
    f.clock.advance(1000);
    const d = digestOf(f, "b", s.dstVolumeId);
    assert.deepEqual([d.incomplete, d.host_readable], [true, false]);
    resumeRec(f.world, s);
    f.clock.advance(COPY_MS);
    assert.equal(digestOf(f, "b", s.dstVolumeId).incomplete, false);
    assert.ok(same(f, s));
  });

  it("[M:reverse] after a reverse the copy runs the other way", () => {
    const f = fixture();
    const s = mirror(f);
    f.clock.advance(COPY_MS);
    suspendRec(f.world, s, false);
    f.clock.advance(1000);
    write(f, "b", s.dstVolumeId, 3, "from-b", 2);
    reverseRec(f.world, s);
    resumeRec(f.world, s);
    f.clock.advance(1000);
    assert.equal(s.srcArray, "site-b");
    assert.equal(volumeDigest(f.world, f.a, f.srcVol).digest, volumeDigest(f.world, f.b, s.srcVolumeId).digest);
    assert.throws(() => write(f, "a", f.srcVol, 0, "refused"), InvalidState, "site-a is the destination now");
  });

  it("a digest of a block range covers only that range", () => {
    const f = fixture();
    write(f, "a", f.srcVol, 0, "x", 4);
    const all = volumeDigest(f.world, f.a, f.srcVol, { start: 2, count: 10 });
    assert.equal(all.range!.written_blocks, 2);
    assert.equal(all.written_blocks, 4);
    assert.equal(all.blocks, 10240);
  });
});
