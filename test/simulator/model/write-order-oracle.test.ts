import * as assert from "node:assert/strict";
import { advanceWorkloads, startWorkload } from "../../../simulator/model/dependent-writes";
import { BadRequest } from "../../../simulator/model/errors";
import { VolumeBlocks } from "../../../simulator/model/types";
import { createVolumes } from "../../../simulator/model/volumes";
import { judgeWriteOrder } from "../../../simulator/model/write-order-oracle";
import { Fixture, fixture } from "./world-fixture";

/** A workload on three site-a volumes and three empty site-b volumes to copy content into by hand. */
function setup(blocks = 8) {
  const f = fixture();
  const src = createVolumes(f.world, f.a, { name: "db", capacityMb: 64, tppId: 0, count: 3 }).map((v) => v.id);
  const dst = createVolumes(f.world, f.b, { name: "dr", capacityMb: 64, tppId: 0, count: 3 }).map((v) => v.id);
  const w = startWorkload(f.world, { array: "site-a", volumeIds: src, intervalMs: 10, blocks });
  const tick = (ms: number) => {
    f.clock.advance(ms);
    advanceWorkloads(f.world);
  };
  const snap = (i: number): VolumeBlocks => new Map(f.a.content.get(src[i]!) ?? []);
  const put = (i: number, blocks: VolumeBlocks) => f.b.content.set(dst[i]!, new Map(blocks));
  const judge = () => judgeWriteOrder(f.world, w, dst.map((volumeId) => ({ array: "site-b", volumeId })));
  return { f, w, src, dst, tick, snap, put, judge };
}

function copyAll(t: ReturnType<typeof setup>): void {
  for (let i = 0; i < 3; i++) t.put(i, t.snap(i));
}

describe("model/write-order-oracle: one cut for all copies, or evidence of a write without its predecessor", () => {
  it("copies taken at one instant are consistent, with the last acknowledged write as the cut", () => {
    const t = setup();
    t.tick(200);
    copyAll(t);
    const v = t.judge();
    assert.deepEqual([v.consistent, v.cut], [true, t.w.nextSeq - 1]);
    assert.ok(v.evidence.every((e) => e.prefix));
  });

  it("empty copies are consistent (the cut before the first write)", () => {
    const t = setup();
    assert.deepEqual([t.judge().consistent, t.judge().cut], [true, -1]);
  });

  it("a log record on a copy whose data page copy is older: NOT consistent, names the missing write", () => {
    const t = setup();
    t.tick(100);
    const data = t.snap(0);
    t.tick(100); // more records on every volume
    t.put(0, data);
    t.put(1, t.snap(1));
    t.put(2, t.snap(2));
    const v = t.judge();
    assert.equal(v.consistent, false);
    assert.equal(v.cut, null);
    assert.match(v.reason ?? "", /lacks the earlier write/);
  });

  it("a data page newer than every log copy is NOT consistent either (it depends on nothing missing, but no cut fits)", () => {
    const t = setup();
    t.tick(100);
    const log = [t.snap(1), t.snap(2)];
    t.tick(100);
    t.put(0, t.snap(0));
    t.put(1, log[0]!);
    t.put(2, log[1]!);
    assert.equal(t.judge().consistent, false);
  });

  it("a copy with a hole (an older write missing under a newer one) is not a prefix", () => {
    const t = setup();
    t.tick(100);
    copyAll(t);
    t.f.b.content.get(t.dst[1]!)!.delete(0);
    const v = t.judge();
    assert.equal(v.consistent, false);
    assert.deepEqual(v.evidence[1]!.mismatch, { block: 0, expected: "wl1:1", found: null });
  });

  it("records that wrap around the block range are judged by the newest write per block", () => {
    const t = setup(2);
    t.tick(500); // 50 writes, 16 records per volume over 2 blocks
    copyAll(t);
    assert.equal(t.judge().consistent, true);
    t.put(2, t.snap(2)); // unchanged: still consistent
    t.tick(10); // one more write lands on volume (50 mod 3) = 2 only at the source
    copyAll(t);
    assert.deepEqual([t.judge().consistent, t.judge().cut], [true, t.w.nextSeq - 1]);
  });

  it("content that is not the workload's is not judged; a copy per workload volume is required", () => {
    const t = setup();
    t.tick(50);
    copyAll(t);
    t.f.b.content.get(t.dst[0]!)!.set(7, "written-before");
    assert.equal(t.judge().consistent, true);
    assert.throws(() => judgeWriteOrder(t.f.world, t.w, [{ array: "site-b", volumeId: t.dst[0]! }]), BadRequest);
  });
});
