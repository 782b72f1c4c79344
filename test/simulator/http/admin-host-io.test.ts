/** Admin host I/O over HTTP: content writes and digests [sim] (simulator/README.md "Volume content"). */
import * as assert from "node:assert/strict";
import { ClockedSim, startClockedSim } from "./clocked-sim";

describe("http: admin host I/O, /sim/v1/writes and /sim/v1/volumes/{array}/{id}/digest [sim]", () => {
  let t: ClockedSim;
  beforeEach(async () => { t = await startClockedSim(); });
  afterEach(async () => { await t.close(); });

  it("a write names its content and says which copies it reached; digests compare volumes", async () => {
    const { dst } = await t.mirror();
    const w = await t.write(t.b, "site-a", 100000, 5, "w1", 2);
    assert.equal(w.status, 200, JSON.stringify(w.body));
    assert.deepEqual(w.body.reached, [
      { array: "site-a", volume_id: 100000 },
      { array: "site-b", volume_id: dst, copysession_id: 0, transfer_mode: "Synchronous", wait_ms: 0 },
    ]);
    const src = await t.digest(t.a, "site-a", 100000, "?block=5&count=2");
    const copy = await t.digest(t.a, "site-b", dst, "?block=5&count=2");
    assert.equal(src.digest, copy.digest);
    assert.equal(src.range.written_blocks, 2);
    assert.deepEqual([copy.incomplete, copy.host_readable], [false, false], "a duplexing destination is not host-readable");
    assert.equal((await t.write(t.a, "site-b", dst, 0, "x")).status, 409, "the destination of an active session");
    assert.equal((await t.a.request("GET", "/sim/v1/volumes/site-a/100000/digest?count=2")).status, 400);
  });
});
