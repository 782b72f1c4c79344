import * as assert from "node:assert/strict";
import {
  advanceWorkloads, getWorkload, plannedWrite, startWorkload, stopWorkload,
} from "../../../simulator/model/dependent-writes";
import { BadRequest, NotFound } from "../../../simulator/model/errors";
import { WORKLOAD_MAX_CATCH_UP_WRITES } from "../../../simulator/model/sim-choices";
import { takeArrayDown } from "../../../simulator/model/site-outage";
import { createVolumes } from "../../../simulator/model/volumes";
import { pathKey } from "../../../simulator/model/world";
import { Fixture, fixture, mirror } from "./world-fixture";

/** Three 64 MB volumes on site-a: data, redo log, archive. */
function threeVolumes(f: Fixture): number[] {
  return createVolumes(f.world, f.a, { name: "db", capacityMb: 64, tppId: 0, count: 3 }).map((v) => v.id);
}
const tick = (f: Fixture, ms: number) => {
  f.clock.advance(ms);
  advanceWorkloads(f.world);
};
const holds = (f: Fixture, vol: number, block: number) => f.a.content.get(vol)?.get(block);

describe("model/dependent-writes: a writer over several volumes in one fixed order, driven by the model clock", () => {
  it("issues write g to volume g mod N as record g / N, one interval after the previous acknowledgement", () => {
    const f = fixture();
    const vols = threeVolumes(f);
    const w = startWorkload(f.world, { array: "site-a", volumeIds: vols, intervalMs: 10, blocks: 4 });
    assert.equal(w.nextSeq, 1, "the first write is due at once");
    tick(f, 25);
    assert.equal(w.nextSeq, 3);
    assert.deepEqual(vols.map((v) => holds(f, v, 0)), ["wl1:0", "wl1:1", "wl1:2"]);
    tick(f, 10 * 3 * 4); // 12 more writes: records 1..4, record 4 wraps onto block 0
    assert.equal(w.nextSeq, 15);
    assert.equal(holds(f, vols[0]!, 0), "wl1:12");
    assert.deepEqual(plannedWrite(w, 13), { seq: 13, volumeIndex: 1, volumeId: vols[1], record: 4, block: 0, writeId: "wl1:13" });
  });

  it("waits for the acknowledgement: a Synchronous mirror's round trip longer than the interval spaces the writes", () => {
    const f = fixture();
    const vols = threeVolumes(f);
    for (const src of vols) mirror(f, { src });
    f.world.pathRttMs.set(pathKey("site-a", "site-b"), 30);
    tick(f, 1000); // the initial copies are done
    const w = startWorkload(f.world, { array: "site-a", volumeIds: vols, intervalMs: 10 });
    tick(f, 95);
    assert.ok(w.nextSeq >= 3 && w.nextSeq <= 4, `about one write per 30 ms round trip, got ${w.nextSeq}`);
  });

  it("stalls at the first write the array refuses and never issues a write that depends on it", () => {
    const f = fixture();
    const vols = threeVolumes(f);
    const w = startWorkload(f.world, { array: "site-a", volumeIds: vols, intervalMs: 10 });
    tick(f, 20);
    const acked = w.nextSeq;
    takeArrayDown(f.world, "site-a", "refuse");
    tick(f, 100);
    assert.equal(w.state, "stalled");
    assert.equal(w.nextSeq, acked);
    assert.equal(w.stall?.seq, acked);
    assert.equal(holds(f, vols[acked % 3]!, Math.floor(acked / 3)), undefined);
  });

  it("stop: writes due before the stop land, none after", () => {
    const f = fixture();
    const vols = threeVolumes(f);
    const w = startWorkload(f.world, { array: "site-a", volumeIds: vols, intervalMs: 10 });
    f.clock.advance(30);
    stopWorkload(f.world, w.id);
    assert.equal(w.nextSeq, 4);
    tick(f, 100);
    assert.deepEqual([w.state, w.nextSeq, w.stoppedAt], ["stopped", 4, f.clock.now() - 100]);
  });

  it("a clock jump of hours issues a bounded number of writes, then the writer goes on from now", () => {
    const f = fixture();
    const w = startWorkload(f.world, { array: "site-a", volumeIds: threeVolumes(f), intervalMs: 1 });
    tick(f, 3600_000);
    assert.equal(w.nextSeq, 1 + WORKLOAD_MAX_CATCH_UP_WRITES);
    assert.equal(w.nextAt, f.clock.now() + 1);
  });

  it("writesPerRequest: each request issues that many more writes, also with the clock standing still; a stall stops them", () => {
    const f = fixture();
    const vols = threeVolumes(f);
    const w = startWorkload(f.world, { array: "site-a", volumeIds: vols, intervalMs: 3600_000, writesPerRequest: 4 });
    assert.equal(w.nextSeq, 1);
    advanceWorkloads(f.world);
    assert.equal(w.nextSeq, 1, "a model test's catch-up is not a request");
    advanceWorkloads(f.world, { request: true });
    advanceWorkloads(f.world, { request: true });
    assert.equal(w.nextSeq, 9);
    assert.equal(holds(f, vols[2]!, 2), "wl1:8");
    takeArrayDown(f.world, "site-a", "refuse");
    advanceWorkloads(f.world, { request: true });
    assert.deepEqual([w.state, w.nextSeq], ["stalled", 9]);
    assert.throws(() => startWorkload(f.world, { array: "site-a", volumeIds: vols, writesPerRequest: 65 }), BadRequest);
  });

  it("refuses fewer than two volumes, a repeated volume, an unknown volume or block range; unknown id is 404", () => {
    const f = fixture();
    const vols = threeVolumes(f);
    assert.throws(() => startWorkload(f.world, { array: "site-a", volumeIds: [vols[0]!] }), BadRequest);
    assert.throws(() => startWorkload(f.world, { array: "site-a", volumeIds: [vols[0]!, vols[0]!] }), BadRequest);
    assert.throws(() => startWorkload(f.world, { array: "site-a", volumeIds: [vols[0]!, 999999] }), /does not exist|not/);
    assert.throws(() => startWorkload(f.world, { array: "site-a", volumeIds: vols, blocks: 65 }), BadRequest);
    assert.throws(() => startWorkload(f.world, { array: "nowhere", volumeIds: vols }), BadRequest);
    assert.throws(() => getWorkload(f.world, 42), NotFound);
  });
});
