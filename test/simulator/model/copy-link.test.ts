import * as assert from "node:assert/strict";
import { setPathLimits, waterfill } from "../../../simulator/model/copy-link";
import { snapshot } from "../../../simulator/model/copy-session";
import { changeSettings } from "../../../simulator/model/environment";
import { hostWrite } from "../../../simulator/model/host-io";
import { deleteRec, suspendRec } from "../../../simulator/model/rec-operations";
import { RecSession } from "../../../simulator/model/types";
import { createVolumes } from "../../../simulator/model/volumes";
import { Fixture, fixture, mirror } from "./world-fixture";

const PATH = "site-a|site-b";
const left = (f: Fixture, s: RecSession) => snapshot(s, f.clock.now(), f.world.settings.copyRateMbps).uncopiedMb;

/** A mirror of a new `mb` MB source volume. */
function mirrorOf(f: Fixture, mb: number, mode = "Synchronous"): RecSession {
  const [v] = createVolumes(f.world, f.a, { name: `src_${mb}_${f.a.volumes.size}`, capacityMb: mb, tppId: 0 });
  return mirror(f, { src: v!.id, mode });
}

describe("model/copy-link: sessions share a copy path's bandwidth [sim]", () => {
  it("waterfill: equal shares; when one finishes the rest speed up", () => {
    const c = waterfill(0, [500, 1500, 0], (n) => 100 / n);
    assert.deepEqual(c.points, [[0, 0], [10_000, 500], [20_000, 1500]]);
  });

  it("two sessions on a 100 MB/s path get 50 MB/s each; the survivor gets all of it", () => {
    const f = fixture({ copyRateMbps: 2000 });
    setPathLimits(f.world, PATH, { bandwidthMbps: 100 });
    const small = mirrorOf(f, 500);
    const big = mirrorOf(f, 1500);
    f.clock.advance(4000);
    assert.deepEqual([left(f, small), left(f, big)], [300, 1300]);
    f.clock.advance(6000); // 10 s: the small one is done
    assert.deepEqual([left(f, small), left(f, big)], [0, 1000]);
    f.clock.advance(5000); // then 100 MB/s alone
    assert.equal(left(f, big), 500);
    f.clock.advance(5000);
    assert.equal(left(f, big), 0);
  });

  it("a per-session ceiling caps each share; a stopped or deleted session frees its share", () => {
    const f = fixture({ copyRateMbps: 2000 });
    setPathLimits(f.world, PATH, { bandwidthMbps: 100, sessionCeilingMbps: 30 });
    const one = mirrorOf(f, 1000);
    const two = mirrorOf(f, 1000);
    const three = mirrorOf(f, 1000);
    f.clock.advance(1000);
    assert.deepEqual([left(f, one), left(f, two), left(f, three)], [970, 970, 970], "30 each, under 100/3");
    suspendRec(f.world, three, true);
    deleteRec(f.world, f.a, two, true);
    setPathLimits(f.world, PATH, { sessionCeilingMbps: null });
    f.clock.advance(1000);
    assert.equal(left(f, one), 870, "alone, the whole 100 MB/s");
  });

  it("host writes add to a session's share of the work; a copy rate change applies from now on", () => {
    const f = fixture({ copyRateMbps: 2000 });
    setPathLimits(f.world, PATH, { bandwidthMbps: 100 });
    const a = mirrorOf(f, 1000, "Consistency");
    const b = mirrorOf(f, 1000, "Consistency");
    f.clock.advance(2000);
    hostWrite(f.world, f.a, a.srcVolumeId, 100);
    assert.deepEqual([left(f, a), left(f, b)], [1000, 900]);
    changeSettings(f.world, { copyRateMbps: 10 }); // now below the share
    f.clock.advance(10_000);
    assert.deepEqual([left(f, a), left(f, b)], [900, 800]);
  });

  it("without limits each session copies at the full copy rate", () => {
    const f = fixture({ copyRateMbps: 100 });
    const a = mirrorOf(f, 1000);
    const b = mirrorOf(f, 1000);
    f.clock.advance(1000);
    assert.deepEqual([left(f, a), left(f, b)], [900, 900]);
    assert.equal(a.workCurve, undefined);
  });
});
