import * as assert from "node:assert/strict";
import { snapshot } from "../../../simulator/model/copy-session";
import { changeSettings, overloadDestination, setCopyPath } from "../../../simulator/model/environment";
import { hostRead, hostWrite } from "../../../simulator/model/host-io";
import { InvalidState } from "../../../simulator/model/errors";
import { deleteRec, resumeRec, suspendRec } from "../../../simulator/model/rec-operations";
import { Fixture, fixture, mirror } from "./world-fixture";

const view = (f: Fixture, s: Parameters<typeof snapshot>[0]) => snapshot(s, f.clock.now(), f.world.settings.copyRateMbps);

describe("model/environment: copy path, overload, host I/O [M:dg-paths, M:op-sync]", () => {
  it("[M:dg-paths] path down halts the session with its phase kept; Automatic recovery re-copies the changes", () => {
    const f = fixture();
    const s = mirror(f, { split: "Automatic", recovery: "Automatic" });
    f.clock.advance(10_000);
    setCopyPath(f.world, "site-a", "site-b", false);
    assert.deepEqual([view(f, s).status, view(f, s).phase], ["Halt", "Equivalent"]);
    hostWrite(f.world, f.a, f.srcVol, 100); // split Automatic: host writes go on, recorded
    assert.equal(view(f, s).trackingMb, 100);
    setCopyPath(f.world, "site-b", "site-a", true);
    assert.deepEqual([view(f, s).status, view(f, s).phase, view(f, s).uncopiedMb], ["Active", "Copying", 100]);
  });

  it("[M:dg-paths] Synchronous with split Manual refuses host writes while halted in Equivalent", () => {
    const f = fixture();
    const s = mirror(f, { split: "Manual" });
    f.clock.advance(10_000);
    setCopyPath(f.world, "site-a", "site-b", false);
    assert.equal(view(f, s).status, "Halt");
    assert.throws(() => hostWrite(f.world, f.a, f.srcVol, 1), InvalidState);
  });

  it("[M:suspend] recovery Manual stays Halt after the path returns until forced suspend + resume", () => {
    const f = fixture();
    const s = mirror(f, { recovery: "Manual" });
    f.clock.advance(1000);
    setCopyPath(f.world, "site-a", "site-b", false);
    setCopyPath(f.world, "site-a", "site-b", true);
    assert.equal(view(f, s).status, "Halt");
    assert.throws(() => suspendRec(f.world, s, false), InvalidState);
    suspendRec(f.world, s, true);
    f.clock.advance(1000);
    assert.equal(view(f, s).status, "Suspend");
    resumeRec(f.world, s);
    f.clock.advance(10_000);
    assert.deepEqual([view(f, s).status, view(f, s).phase], ["Active", "Equivalent"]);
  });

  it("[M:cs-delete] a forced delete with the path down leaves the session on the remote array", () => {
    const f = fixture();
    const s = mirror(f);
    setCopyPath(f.world, "site-a", "site-b", false);
    deleteRec(f.world, f.a, s, true);
    assert.equal(f.a.copySessions.size, 0);
    assert.equal(f.b.copySessions.size, 1);
    assert.equal(f.world.sessionsOfVolume("site-a", f.srcVol).length, 0, "the source volume is free again");
    setCopyPath(f.world, "site-a", "site-b", true);
    assert.equal(view(f, s).status, "Halt", "a leftover never recovers");
    deleteRec(f.world, f.b, s, true);
    assert.equal(f.world.sessions.size, 0);
  });

  it("[M:op-sync] destination overload turns its sessions to Error", () => {
    const f = fixture();
    const s = mirror(f);
    assert.equal(overloadDestination(f.world, f.b), 1);
    assert.equal(view(f, s).status, "Error");
    assert.equal(s.errorCode, "b1");
  });

  it("[M:rec-post] the destination is not readable until the session is suspended", () => {
    const f = fixture();
    const s = mirror(f);
    f.clock.advance(10_000);
    assert.throws(() => hostRead(f.world, f.b, s.dstVolumeId), InvalidState);
    assert.throws(() => hostWrite(f.world, f.b, s.dstVolumeId, 1), InvalidState);
    hostRead(f.world, f.a, s.srcVolumeId);
    suspendRec(f.world, s, false);
    f.clock.advance(1000);
    hostRead(f.world, f.b, s.dstVolumeId);
  });

  it("[M:suspend] a forced suspend while Copying leaves the destination unreadable", () => {
    const f = fixture();
    const s = mirror(f, { mode: "Consistency" });
    f.clock.advance(1000);
    assert.equal(view(f, s).phase, "Copying");
    suspendRec(f.world, s, true);
    assert.throws(() => hostRead(f.world, f.b, s.dstVolumeId), InvalidState);
  });

  it("[M:dg-modes] asynchronous writes add uncopied data; synchronous ones do not", () => {
    const f = fixture();
    const c = mirror(f, { mode: "Consistency" });
    const y = mirror(f);
    f.clock.advance(10_000);
    hostWrite(f.world, f.a, f.srcVol, 500);
    assert.equal(view(f, c).uncopiedMb, 500);
    assert.equal(view(f, y).phase, "Equivalent");
  });

  it("a copy-rate change applies from now on", () => {
    const f = fixture();
    const s = mirror(f);
    f.clock.advance(1000); // 2000 MB copied
    changeSettings(f.world, { copyRateMbps: 1000 });
    f.clock.advance(1000); // 1000 more
    assert.equal(view(f, s).uncopiedMb, 10240 - 3000);
  });
});
