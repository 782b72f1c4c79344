import * as assert from "node:assert/strict";
import { BadRequest } from "../../../simulator/model/errors";
import { hostWriteBlocks } from "../../../simulator/model/host-io";
import { workloadBound } from "../../../simulator/model/link-bounds";
import { pathKey } from "../../../simulator/model/world";
import { fixture, mirror } from "./world-fixture";

describe("model/link-bounds: round trip and copy rate bound a workload [sim]", () => {
  it("a write's latency: the array's own time, plus the round trip for Synchronous copies only", () => {
    const f = fixture();
    f.world.pathRttMs.set(pathKey("site-a", "site-b"), 5);
    const sync = mirror(f);
    mirror(f, { mode: "Consistency" });
    f.clock.advance(6000);
    const r = hostWriteBlocks(f.world, f.a, f.srcVol, { start: 0, count: 1 }, "w");
    assert.equal(r.latency_ms, 5.1);
    assert.deepEqual(r.reached.slice(1).map((c) => [c.transfer_mode, c.wait_ms]), [["Synchronous", 5]]);
    assert.deepEqual(r.queued.map((c) => [c.transfer_mode, c.wait_ms]), [["Consistency", 0]]);
    assert.ok(sync);
  });

  it("the bound is the slower of round trips per queue depth and data over the copy rate", () => {
    const f = fixture({ copyRateMbps: 1000 });
    f.world.pathRttMs.set(pathKey("site-a", "site-b"), 1);
    const b = (writes: number, blocks: number, queueDepth: number, transferMode = "Synchronous") =>
      workloadBound(f.world, "site-a", "site-b", { writes, blocks, queueDepth, transferMode });
    assert.equal(b(1000, 1, 1).host_seconds, 1.1, "latency-bound: 1000 x 1.1 ms");
    assert.equal(b(1000, 1, 10).host_seconds, 1, "10 at a time: 100 rounds, but 1000 MB at 1000 MB/s take 1 s");
    assert.equal(b(1000, 1, 1, "Stack").host_seconds, 0.1, "asynchronous: the host waits for the array only");
    assert.equal(b(1000, 1, 1, "Stack").destination_seconds, 1.0005);
    assert.throws(() => b(1, 1, 1, "Through"), BadRequest);
  });
});
