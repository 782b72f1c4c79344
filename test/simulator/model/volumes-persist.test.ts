import * as assert from "node:assert/strict";
import { BadRequest, CopyRangeTotally, InvalidState, NameExists } from "../../../simulator/model/errors";
import { worldFromJson, worldToJson } from "../../../simulator/model/persist";
import { createVolumes, deleteVolumes, expandVolume, renameVolume, volumeNames } from "../../../simulator/model/volumes";
import { boxIdFor } from "../../../simulator/model/world";
import { hostWriteBlocks } from "../../../simulator/model/host-io";
import { suspendRec } from "../../../simulator/model/rec-operations";
import { takeArrayDown } from "../../../simulator/model/site-outage";
import { fixture, mirror } from "./world-fixture";

describe("model/volumes [M:vol-create, M:vol-patch, M:vol-expand, M:vol-del, M:vol-del-multi]", () => {
  it("[M:system] box ids have 40 characters and are stable per name", () => {
    assert.equal(boxIdFor("site-a").length, 40);
    assert.equal(boxIdFor("site-a"), boxIdFor("site-a"));
    assert.notEqual(boxIdFor("site-a"), boxIdFor("site-b"));
  });

  it("[M:vol-create] the seed: business_vol01, 10240 MB TPV in pool 0, id 100000 + number", () => {
    const f = fixture();
    const v = [...f.a.volumes.values()][0]!;
    assert.deepEqual([v.name, v.capacityMb, v.type, v.poolId, v.id], ["business_vol01", 10240, "TPV", 0, 100000]);
    assert.equal(f.b.volumes.size, 0);
  });

  it("[M:vol-create] count/start_number/number_of_digits name the volumes; names are unique", () => {
    assert.deepEqual(volumeNames({ name: "v", capacityMb: 1, count: 3, startNumber: 8, numberOfDigits: 2 }), ["v08", "v09", "v10"]);
    const f = fixture();
    createVolumes(f.world, f.a, { name: "x", capacityMb: 100, raidGroupId: 0 });
    assert.throws(() => createVolumes(f.world, f.a, { name: "x", capacityMb: 100, tppId: 0 }), NameExists);
    assert.throws(() => createVolumes(f.world, f.a, { name: "a,b", capacityMb: 100, tppId: 0 }), BadRequest);
    assert.throws(() => createVolumes(f.world, f.a, { name: "y", capacityMb: 10, tppId: 0 }), BadRequest);
    assert.throws(() => createVolumes(f.world, f.a, { name: "y", capacityMb: 100 }), BadRequest);
  });

  it("[M:vol-patch] rename checks the name rules", () => {
    const f = fixture();
    assert.throws(() => renameVolume(f.a, f.srcVol, "$SYSVOL1"), BadRequest);
    assert.equal(renameVolume(f.a, f.srcVol, "renamed").name, "renamed");
  });

  it("[M:vol-expand] TPV only, larger only, refused under a Totally session", () => {
    const f = fixture();
    const [std] = createVolumes(f.world, f.a, { name: "std", capacityMb: 100, raidGroupId: 0 });
    assert.throws(() => expandVolume(f.world, f.a, std!.id, 200), InvalidState);
    assert.throws(() => expandVolume(f.world, f.a, f.srcVol, 10240), BadRequest);
    mirror(f);
    assert.throws(() => expandVolume(f.world, f.a, f.srcVol, 20480), CopyRangeTotally);
  });

  it("[M:vol-del-multi] all-or-nothing: an unknown id deletes nothing", () => {
    const f = fixture();
    const [x] = createVolumes(f.world, f.a, { name: "x", capacityMb: 100, tppId: 0 });
    assert.throws(() => deleteVolumes(f.world, f.a, [x!.id, 999999], "volume_id_list"), BadRequest);
    assert.ok(f.a.volumes.has(x!.id));
    deleteVolumes(f.world, f.a, [x!.id], "volume_id_list");
    assert.ok(!f.a.volumes.has(x!.id));
  });

  it("[M:vol-del] deleting a volume in REC sessions removes them on both arrays (docs/unverified-points.md#row-14-deleting-a-volume-in-a-session)", () => {
    const f = fixture();
    const s1 = mirror(f);
    const s2 = mirror(f);
    deleteVolumes(f.world, f.b, [s1.dstVolumeId], "volume_id");
    assert.ok(!f.world.sessions.has(s1.key), "the destination's session is gone");
    assert.equal(f.a.copySessions.size, 1, "the source keeps only the other session");
    assert.equal(f.b.copySessions.size, 1);
    deleteVolumes(f.world, f.a, [f.srcVol], "volume_id");
    assert.ok(!f.world.sessions.has(s2.key));
    assert.equal(f.a.copySessions.size + f.b.copySessions.size, 0);
    assert.ok(f.b.volumes.has(s2.dstVolumeId), "the other array's volume stays");
  });
});

describe("model/persist: the world survives JSON", () => {
  it("round-trips arrays, volumes, sessions and paths", () => {
    const f = fixture();
    const s = mirror(f);
    f.world.pathsDown.add("site-a|site-b");
    const w2 = worldFromJson(JSON.parse(JSON.stringify(worldToJson(f.world))), { clock: f.clock });
    assert.deepEqual(worldToJson(w2), worldToJson(f.world));
    assert.equal(w2.sessionByView("site-b", s.views["site-b"]!)!.key, s.key);
  });

  it("round-trips volume content, content in flight, changed blocks and outages", () => {
    const f = fixture();
    hostWriteBlocks(f.world, f.a, f.srcVol, { start: 0, count: 3 }, "w1");
    const s = mirror(f);
    takeArrayDown(f.world, "site-a", "blackhole");
    suspendRec(f.world, s, true);
    hostWriteBlocks(f.world, f.b, s.dstVolumeId, { start: 9, count: 1 }, "dr");
    const w2 = worldFromJson(JSON.parse(JSON.stringify(worldToJson(f.world))), { clock: f.clock });
    assert.deepEqual(worldToJson(w2), worldToJson(f.world));
    assert.equal(w2.array("site-a").outage, "blackhole");
    assert.equal(w2.array("site-a").content.get(f.srcVol)!.get(2), "w1");
    assert.deepEqual([...w2.replication.get(s.key)!.changedAtDestination], [9]);
  });
});
