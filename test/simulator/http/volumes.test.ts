import * as assert from "node:assert/strict";
import { createRec, startTestSim, TestSim } from "../helpers";

describe("http: volumes [M:vol-list, M:vol-get, M:vol-create, M:vol-patch, M:vol-expand, M:vol-del, M:vol-del-multi]", () => {
  let t: TestSim;
  let seedVol: number;
  before(async () => {
    t = await startTestSim();
    seedVol = (await t.a.request("GET", "/volume")).body.volume_list[0].volume_id;
  });
  after(async () => { await t.close(); });

  it("[M:vol-create] 202 with a job whose resource_href_list names the new volumes (count/start_number/number_of_digits)", async () => {
    const r = await t.b.request("POST", "/volume", { name: "multi", capacity: 2048, tpp_id: 0, count: 3, start_number: 1, number_of_digits: 2 });
    assert.equal(r.status, 202);
    assert.equal(r.body.job_href, `/api/v1/job/${r.body.job_id}`);
    const job = await t.b.waitJob(r.body.job_id);
    assert.equal(job.status, "Success");
    assert.equal(job.resource_href_list.length, 3);
    const names = (await t.b.request("GET", "/volume?fields=name")).body.volume_list.map((v: { name: string }) => v.name);
    assert.deepEqual(names.filter((n: string) => n.startsWith("multi")), ["multi01", "multi02", "multi03"]);
  });

  it("[M:vol-create] Standard volumes in a RAID group; out-of-range capacity and unknown fields are 400 naming them", async () => {
    const job = await t.b.job("POST", "/volume", { name: "std1", capacity: 1024, raidgroup_id: 0 });
    const v = (await t.b.request("GET", job.resource_href_list[0])).body;
    assert.deepEqual([v.type, v.allocated_resource_href], ["Standard", "/api/v1/raidgroup/0"]);
    const small = await t.b.request("POST", "/volume", { name: "s", capacity: 1, tpp_id: 0 });
    assert.equal(small.status, 400);
    assert.match(small.body.message, /\(capacity\)$/);
    const unknown = await t.b.request("POST", "/volume", { name: "s", capacity: 100, tpp_id: 0, colour: "red" });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /\(colour\)$/);
    const dup = await t.b.request("POST", "/volume", { name: "std1", capacity: 100, tpp_id: 0 });
    assert.equal(dup.status, 409);
  });

  it("[M:vol-get] a volume by id; unknown id 404; non-numeric id 400", async () => {
    const v = (await t.a.request("GET", `/volume/${seedVol}`)).body;
    assert.deepEqual([v.volume_id, v.number, v.volume_href, v.name, v.capacity, v.type], [100000, 0, "/api/v1/volume/100000", "business_vol01", 10240, "TPV"]);
    assert.equal((await t.a.request("GET", "/volume/999999")).status, 404);
    assert.equal((await t.a.request("GET", "/volume/abc")).status, 400);
  });

  it("[M:vol-list] filters, fields, max_records/last_get_id paging with next_href", async () => {
    await t.a.job("POST", "/volume", { name: "page", capacity: 100, tpp_id: 0, count: 5, start_number: 0, number_of_digits: 1 });
    const p1 = (await t.a.request("GET", "/volume?max_records=2&fields=name")).body;
    assert.equal(p1.total_count, 6);
    assert.equal(p1.list_count, 2);
    assert.deepEqual(Object.keys(p1.volume_list[0]).sort(), ["name", "volume_id"]);
    assert.match(p1.next_href, /last_get_id=100001/);
    const all: number[] = [];
    let href: string | undefined = "/api/v1/volume?max_records=2";
    while (href) {
      const r: { body: { volume_list: Array<{ volume_id: number }>; next_href?: string } } = await t.a.request("GET", href);
      all.push(...r.body.volume_list.map((v) => v.volume_id));
      href = r.body.next_href;
    }
    assert.equal(all.length, 6);
    assert.deepEqual([...all].sort((x, y) => x - y), all, "sorted by number");
    const byId = (await t.a.request("GET", `/volume?volume_id=${all[1]},${all[2]}`)).body;
    assert.equal(byId.total_count, 2);
    assert.equal((await t.a.request("GET", "/volume?start_number=3")).body.total_count, 3);
    assert.equal((await t.a.request("GET", "/volume?tpp_id=0")).body.total_count, 6);
    assert.equal((await t.a.request("GET", "/volume?fields=volume_list")).status, 400);
    assert.equal((await t.a.request("GET", "/volume?fields=bogus")).status, 400);
    assert.equal((await t.a.request("GET", "/volume?max_records=0")).status, 400);
    const unknown = await t.a.request("GET", "/volume?colour=red");
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /\(colour\)$/);
  });

  it("[M:vol-patch] new_name, one item per request", async () => {
    const id = await t.a.createVolume("torename", 100);
    await t.a.job("PATCH", `/volume/${id}`, { new_name: "renamed" });
    assert.equal((await t.a.request("GET", `/volume/${id}`)).body.name, "renamed");
    const two = await t.a.request("PATCH", `/volume/${id}`, { new_name: "x", is_exc_enabled: true });
    assert.equal(two.status, 400);
  });

  it("[M:vol-expand] TPV only, larger only, refused while a Totally copy session exists", async () => {
    const id = await t.a.createVolume("grow", 1024);
    await t.a.job("POST", `/volume/${id}/expand`, { new_capacity: 2048 });
    assert.equal((await t.a.request("GET", `/volume/${id}`)).body.capacity, 2048);
    assert.equal((await t.a.request("POST", `/volume/${id}/expand`, { new_capacity: 2048 })).status, 400);
    const std = await t.a.job("POST", "/volume", { name: "stdgrow", capacity: 1024, raidgroup_id: 0 });
    const stdId = Number(std.resource_href_list[0].split("/").pop());
    assert.equal((await t.a.request("POST", `/volume/${stdId}/expand`, { new_capacity: 4096 })).status, 409);
    await createRec(t, id);
    const r = await t.a.request("POST", `/volume/${id}/expand`, { new_capacity: 4096 });
    assert.equal(r.status, 409);
    assert.match(r.body.message, /Totally/);
  });

  it("[M:vol-del] deleting a volume in an REC session removes the session on both arrays (docs/unverified-points.md#row-14-deleting-a-volume-in-a-session); a free one is deleted by a job", async () => {
    const id = await t.a.createVolume("inrec", 1024);
    const { id: sid, remoteId, dstVol } = await createRec(t, id);
    const job = await t.b.job("DELETE", `/volume/${dstVol}`);
    assert.equal(job.status, "Success");
    assert.equal((await t.b.request("GET", `/volume/${dstVol}`)).status, 404);
    assert.equal((await t.b.request("GET", `/copysession/${remoteId}`)).status, 404, "gone on the destination array");
    assert.equal((await t.a.request("GET", `/copysession/${sid}`)).status, 404, "and on the source array");
    assert.equal((await t.a.request("GET", `/volume/${id}`)).status, 200, "the source volume stays");
    const again = await createRec(t, id);
    await t.a.job("DELETE", `/volume/${id}`);
    assert.equal((await t.b.request("GET", `/copysession/${again.remoteId}`)).status, 404, "deleting the source removes it too");
    const free = await t.a.createVolume("free", 100);
    await t.a.job("DELETE", `/volume/${free}`);
    assert.equal((await t.a.request("GET", `/volume/${free}`)).status, 404);
    assert.equal((await t.a.request("DELETE", `/volume/${free}`)).status, 404);
  });

  it("[M:vol-del-multi] all-or-nothing list", async () => {
    const x = await t.a.createVolume("multi_del_x", 100);
    const y = await t.a.createVolume("multi_del_y", 100);
    const bad = await t.a.request("DELETE", "/volume", { volume_id_list: [x, 999999] });
    assert.equal(bad.status, 400);
    assert.equal((await t.a.request("GET", `/volume/${x}`)).status, 200, "nothing deleted");
    const job = await t.a.job("DELETE", "/volume", { volume_id_list: [x, y] });
    assert.equal(job.resource_href_list.length, 2);
    assert.equal((await t.a.request("GET", `/volume/${y}`)).status, 404);
  });
});
