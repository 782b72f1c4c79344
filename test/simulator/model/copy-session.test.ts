import * as assert from "node:assert/strict";
import { TRANSITIONS, snapshot } from "../../../simulator/model/copy-session";
import { suspendRec } from "../../../simulator/model/rec-operations";
import { fixture, mirror } from "./world-fixture";

describe("model/copy-session: progress derived from time and copy rate [M:cs-get]", () => {
  it("[M:rec-post] a new session is Active/Copying with all data uncopied", () => {
    const f = fixture();
    const s = mirror(f);
    const v = snapshot(s, f.clock.now(), 2000);
    assert.deepEqual([v.status, v.phase, v.uncopiedMb, v.progress], ["Active", "Copying", 10240, 0]);
  });

  it("[M:cs-get] a 10240 MB initial copy at 2000 MB/s is Equivalent after ~5.12 s, with progress on the way", () => {
    const f = fixture();
    const s = mirror(f);
    f.clock.advance(2560);
    const half = snapshot(s, f.clock.now(), 2000);
    assert.equal(half.phase, "Copying");
    assert.equal(half.uncopiedMb, 5120);
    assert.equal(half.progress, 50);
    f.clock.advance(2560);
    const done = snapshot(s, f.clock.now(), 2000);
    assert.deepEqual([done.phase, done.uncopiedMb, done.progress], ["Equivalent", 0, 100]);
  });

  it("[M:dg-modes] a Stack session never reads Equivalent by itself", () => {
    const f = fixture();
    const s = mirror(f, { mode: "Stack" });
    f.clock.advance(60_000);
    const v = snapshot(s, f.clock.now(), 2000);
    assert.deepEqual([v.status, v.phase, v.uncopiedMb], ["Active", "Copying", 0]);
  });

  it("[M:suspend] docs/unverified-points.md#row-6-suspend-completion: a Synchronous suspend reads Active/Running, then Suspend/Tracking", () => {
    const f = fixture();
    const s = mirror(f);
    f.clock.advance(6000);
    suspendRec(f.world, s, false);
    const running = snapshot(s, f.clock.now(), 2000);
    assert.equal(running.status, "Active");
    assert.equal(running.concurrentSuspendResult, "Running");
    f.clock.advance(200);
    const done = snapshot(s, f.clock.now(), 2000);
    assert.deepEqual([done.status, done.phase, done.concurrentSuspendResult], ["Suspend", "Tracking", "Success"]);
  });

  it("lists the documented transitions with their manual pages", () => {
    assert.ok(TRANSITIONS.length >= 10);
    for (const [, , , source] of TRANSITIONS) assert.match(source, /^\[M:[a-z-]+\]$/);
  });
});
