import * as assert from "node:assert/strict";
import { snapshot } from "../../../simulator/model/copy-session";
import { hostWrite } from "../../../simulator/model/host-io";
import { Conflict, InvalidState, NotEquivalent, SessionLimit, BadRequest } from "../../../simulator/model/errors";
import { createRec, deleteRec, patchRec, resumeRec, reverseRec, suspendRec } from "../../../simulator/model/rec-operations";
import { setCopyPath } from "../../../simulator/model/environment";
import { createVolumes } from "../../../simulator/model/volumes";
import { Fixture, fixture, mirror } from "./world-fixture";

function settle(f: Fixture): void {
  f.clock.advance(60_000);
}
const view = (f: Fixture, s: Parameters<typeof snapshot>[0]) => snapshot(s, f.clock.now(), f.world.settings.copyRateMbps);

describe("model/rec-operations: the manual's cautions", () => {
  it("[M:rec-post] one record, a copysession_id per array (lowest free, reused after deletion)", () => {
    const f = fixture();
    const s1 = mirror(f);
    assert.deepEqual(s1.views, { "site-a": 0, "site-b": 0 });
    const [vol2] = createVolumes(f.world, f.a, { name: "v2", capacityMb: 10240, tppId: 0 });
    const s2 = mirror(f, { src: vol2!.id });
    assert.deepEqual(s2.views, { "site-a": 1, "site-b": 1 });
    settle(f);
    deleteRec(f.world, f.a, s1, false);
    const s3 = mirror(f);
    assert.equal(s3.views["site-a"], 0);
  });

  it("[M:op-sync] refuses a destination of another size", () => {
    const f = fixture();
    const [dst] = createVolumes(f.world, f.b, { name: "small", capacityMb: 1024, tppId: 0 });
    assert.throws(() => createRec(f.world, f.a, { sourceVolumeId: f.srcVol, destinationVolumeId: dst!.id, sourceBoxId: f.a.boxId, destinationBoxId: f.b.boxId, transferMode: "Synchronous" }), Conflict);
  });

  it("[M:op-sync] up to eight sessions per source volume; the ninth is 409 (docs/unverified-points.md#row-16-session-limit-per-source)", () => {
    const f = fixture();
    for (let i = 0; i < 8; i++) mirror(f, { mode: i === 0 ? "Consistency" : "Synchronous" });
    assert.throws(() => mirror(f), SessionLimit);
  });

  it("[M:dg-combo] refuses a second Consistency session from one source to the same array", () => {
    const f = fixture();
    mirror(f, { mode: "Consistency" });
    assert.throws(() => mirror(f, { mode: "Consistency" }), InvalidState);
  });

  it("[M:rec-patch] split_mode only for Synchronous at create", () => {
    const f = fixture();
    assert.throws(() => mirror(f, { mode: "Stack", split: "Automatic" }), BadRequest);
  });

  it("[M:suspend] normal suspend needs Equivalent; forced works while Copying and leaves the destination unusable", () => {
    const f = fixture();
    const s = mirror(f);
    assert.throws(() => suspendRec(f.world, s, false), NotEquivalent);
    suspendRec(f.world, s, true);
    assert.equal(s.destUnusable, true);
  });

  it("[M:suspend] refuses an Error session, even forced", () => {
    const f = fixture();
    const s = mirror(f);
    s.state = "error";
    assert.throws(() => suspendRec(f.world, s, true), InvalidState);
  });

  it("[M:suspend] a Stack session that is not Equivalent takes no suspend, forced or not; halted, the forced one", () => {
    const f = fixture();
    const s = mirror(f, { mode: "Stack" });
    settle(f);
    assert.throws(() => suspendRec(f.world, s, false), NotEquivalent);
    assert.throws(() => suspendRec(f.world, s, true), NotEquivalent);
    assert.equal(view(f, s).status, "Active");
    setCopyPath(f.world, "site-a", "site-b", false);
    assert.equal(view(f, s).status, "Halt");
    suspendRec(f.world, s, true);
    assert.equal(view(f, s).status, "Suspend");
  });

  it("[M:rec-patch] PATCH only on suspended sessions; sync -> async sets split_mode Manual", () => {
    const f = fixture();
    const s = mirror(f, { split: "Automatic" });
    settle(f);
    assert.throws(() => patchRec(f.world, s, { transfer_mode: "Consistency" }), InvalidState);
    suspendRec(f.world, s, false);
    f.clock.advance(1000);
    patchRec(f.world, s, { transfer_mode: "Consistency" });
    assert.deepEqual([s.transferMode, s.splitMode], ["Consistency", "Manual"]);
    assert.throws(() => patchRec(f.world, s, { split_mode: "Automatic" }), InvalidState);
    assert.throws(() => patchRec(f.world, s, { transfer_mode: "Stack", split_mode: "Automatic" }), BadRequest);
    assert.throws(() => patchRec(f.world, s, { transfer_mode: "Through" }), BadRequest);
    patchRec(f.world, s, { transfer_mode: "Synchronous" });
    assert.equal(s.splitMode, "Manual", "stays Manual until split_mode is sent again");
    patchRec(f.world, s, { split_mode: "Automatic", recovery_mode: "Manual" });
    assert.deepEqual([s.splitMode, s.recoveryMode], ["Automatic", "Manual"]);
  });

  it("[M:resume] copies only what changed while suspended", () => {
    const f = fixture();
    const s = mirror(f);
    settle(f);
    suspendRec(f.world, s, false);
    f.clock.advance(1000);
    hostWrite(f.world, f.a, f.srcVol, 300);
    assert.equal(view(f, s).trackingMb, 300);
    resumeRec(f.world, s);
    const v = view(f, s);
    assert.deepEqual([v.status, v.phase, v.uncopiedMb], ["Active", "Copying", 300]);
    f.clock.advance(150);
    assert.equal(view(f, s).phase, "Equivalent");
  });

  it("[M:reverse] only when suspended; swaps source and destination", () => {
    const f = fixture();
    const s = mirror(f);
    assert.throws(() => reverseRec(f.world, s), InvalidState);
    settle(f);
    suspendRec(f.world, s, false);
    f.clock.advance(1000);
    const [src, dst] = [s.srcVolumeId, s.dstVolumeId];
    reverseRec(f.world, s);
    assert.deepEqual([s.srcArray, s.srcVolumeId, s.dstArray, s.dstVolumeId], ["site-b", dst, "site-a", src]);
  });

  it("[M:cs-delete] normal delete only in Equivalent, never for Consistency; forced always", () => {
    const f = fixture();
    const s = mirror(f);
    assert.throws(() => deleteRec(f.world, f.a, s, false), NotEquivalent);
    const c = mirror(f, { mode: "Consistency" });
    settle(f);
    assert.throws(() => deleteRec(f.world, f.a, c, false), InvalidState);
    deleteRec(f.world, f.a, c, true);
    deleteRec(f.world, f.a, s, false);
    assert.equal(f.world.sessions.size, 0);
  });
});
