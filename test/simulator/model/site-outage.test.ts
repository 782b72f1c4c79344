import * as assert from "node:assert/strict";
import { snapshot } from "../../../simulator/model/copy-session";
import { InvalidState } from "../../../simulator/model/errors";
import { hostWriteBlocks, volumeDigest } from "../../../simulator/model/host-io";
import { copySessionFor, createRec, deleteRec, resumeRec, reverseRec, suspendRec } from "../../../simulator/model/rec-operations";
import { restoreArray, takeArrayDown } from "../../../simulator/model/site-outage";
import { RecSession } from "../../../simulator/model/types";
import { renderCopySession } from "../../../simulator/model/views";
import { createVolumes } from "../../../simulator/model/volumes";
import { Fixture, fixture, mirror } from "./world-fixture";

const COPY_MS = 6000;
const view = (f: Fixture, s: RecSession) => snapshot(s, f.clock.now(), f.world.settings.copyRateMbps);
const digest = (f: Fixture, side: "a" | "b", vol: number) => volumeDigest(f.world, f.world.array(side === "a" ? "site-a" : "site-b"), vol);

/** A mirror in Equivalent with some content, then site-a lost. */
function lostSource(mode: "refuse" | "blackhole" = "refuse") {
  const f = fixture();
  hostWriteBlocks(f.world, f.a, f.srcVol, { start: 0, count: 50 }, "before");
  const s = mirror(f);
  f.clock.advance(COPY_MS);
  assert.equal(takeArrayDown(f.world, "site-a", mode), 1);
  return { f, s, remoteId: s.views["site-b"]! };
}

describe("model/site-outage: a whole array down and back [sim, dialect DESTINATION_SIDE_OPERATIONS]", () => {
  it("down: sessions halt, paths to every peer are down, writes to its volumes fail", () => {
    const { f, s } = lostSource();
    assert.equal(view(f, s).status, "Halt");
    assert.equal(f.world.isPathUp("site-a", "site-b"), false);
    assert.throws(() => hostWriteBlocks(f.world, f.a, f.srcVol, { start: 0, count: 1 }, "x"), InvalidState);
    const seen = renderCopySession(f.world, "site-b", s);
    assert.deepEqual([seen.status, seen.is_local_source_volume], ["Halt", false]);
  });

  it("restore as it was: volumes and content kept, recovery Automatic copies again", () => {
    const { f, s } = lostSource();
    const before = digest(f, "a", f.srcVol).digest;
    const r = restoreArray(f.world, "site-a");
    assert.deepEqual([r.recovered, r.boxId], [1, f.a.boxId]);
    assert.equal(digest(f, "a", f.srcVol).digest, before);
    f.clock.advance(COPY_MS);
    assert.deepEqual([view(f, s).status, view(f, s).phase], ["Active", "Equivalent"]);
    assert.throws(() => restoreArray(f.world, "site-a"), InvalidState, "not down");
  });

  it("the destination array accepts only a forced suspend or delete (dialect DESTINATION_SIDE_OPERATIONS)", () => {
    const { f, s, remoteId } = lostSource();
    assert.throws(() => copySessionFor(f.world, f.b, remoteId, "suspend", false), InvalidState);
    assert.throws(() => copySessionFor(f.world, f.b, remoteId, "resume", false), InvalidState);
    assert.throws(() => copySessionFor(f.world, f.b, remoteId, "reverse", false), InvalidState);
    assert.equal(copySessionFor(f.world, f.b, remoteId, "suspend", true), s);
    assert.equal(copySessionFor(f.world, f.b, remoteId, "delete", true), s);
    assert.throws(() => copySessionFor(f.world, f.b, remoteId, "delete", false), InvalidState);
    restoreArray(f.world, "site-a");
    assert.throws(() => copySessionFor(f.world, f.b, remoteId, "resume", false), InvalidState, "normal operations go to the creator");
    assert.equal(copySessionFor(f.world, f.b, remoteId, "delete", true), s, "forced ones are accepted with the creator reachable too");
    assert.equal(copySessionFor(f.world, f.a, s.views["site-a"]!, "resume", false), s);
  });

  it("failover and failback: DR writes after a forced suspend at the destination go back as a delta, then Forward", () => {
    const { f, s } = lostSource();
    suspendRec(f.world, s, true);
    f.clock.advance(1000);
    const dst = s.dstVolumeId;
    hostWriteBlocks(f.world, f.b, dst, { start: 10, count: 5 }, "dr-site");
    hostWriteBlocks(f.world, f.b, dst, { start: 2000, count: 3 }, "dr-site-2");
    assert.equal(view(f, s).trackingMb, 8);
    restoreArray(f.world, "site-a");
    assert.equal(view(f, s).status, "Suspend", "a suspended session stays suspended");
    reverseRec(f.world, s);
    resumeRec(f.world, s);
    assert.equal(view(f, s).uncopiedMb, 8, "only the DR site's changes travel back");
    f.clock.advance(1000);
    assert.equal(digest(f, "a", f.srcVol).digest, digest(f, "b", dst).digest);
    assert.equal(view(f, s).phase, "Equivalent");
    suspendRec(f.world, s, false);
    f.clock.advance(1000);
    reverseRec(f.world, s);
    resumeRec(f.world, s);
    assert.equal(view(f, s).uncopiedMb, 0, "Forward again with nothing to copy");
    assert.equal(s.srcArray, "site-a");
  });

  it("blackhole mode is the same outage for the model", () => {
    const { f, s } = lostSource("blackhole");
    assert.equal(f.a.outage, "blackhole");
    assert.equal(view(f, s).status, "Halt");
  });

  it("restore empty: new box id, no volumes; the destination force-deletes its leftover and mirrors the other way (full copy)", () => {
    const { f, s, remoteId } = lostSource();
    const oldBox = f.a.boxId;
    const r = restoreArray(f.world, "site-a", { empty: true });
    const a2 = f.world.array("site-a");
    assert.notEqual(r.boxId, oldBox);
    assert.equal(a2.volumes.size, 0);
    assert.equal(r.leftovers, 1);
    const left = renderCopySession(f.world, "site-b", s);
    assert.deepEqual([left.status, left.remote_boxid, left.remote_copysession_id], ["Halt", oldBox, undefined]);
    deleteRec(f.world, f.b, copySessionFor(f.world, f.b, remoteId, "delete", true), true);
    assert.equal(f.b.copySessions.size, 0);
    const [fresh] = createVolumes(f.world, a2, { name: "rebuilt", capacityMb: 10240, tppId: 0 });
    const back = createRec(f.world, f.b, {
      sourceVolumeId: s.dstVolumeId, destinationVolumeId: fresh!.id, sourceBoxId: f.b.boxId, destinationBoxId: a2.boxId,
      transferMode: "Synchronous",
    });
    assert.equal(view(f, back).uncopiedMb, 10240, "a full copy");
    f.clock.advance(COPY_MS);
    assert.equal(volumeDigest(f.world, a2, fresh!.id).digest, digest(f, "b", s.dstVolumeId).digest);
  });
});
