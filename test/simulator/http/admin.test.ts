import * as assert from "node:assert/strict";
import { createRec, startTestSim, TestSim } from "../helpers";

describe("http: admin API /sim/v1 (docs/architecture.md)", () => {
  let t: TestSim;
  let n = 0;
  before(async () => { t = await startTestSim(); });
  after(async () => { await t.close(); });
  const src = () => t.a.createVolume(`adm${n++}`, 1024);

  it("faults/unavailable {count}: the next N /api/v1 requests answer 503 [M:error], admin calls are not affected", async () => {
    assert.equal((await t.a.request("POST", "/sim/v1/faults/unavailable", { count: 2 })).status, 200);
    assert.equal((await t.a.request("GET", "/sim/v1/world")).status, 200);
    const r = await t.a.request("GET", "/volume");
    assert.equal(r.status, 503);
    assert.equal(r.body.error_code, "0008");
    assert.equal((await t.a.request("GET", "/volume")).status, 503);
    assert.equal((await t.a.request("GET", "/volume")).status, 200);
    assert.equal((await t.b.request("GET", "/volume")).status, 200, "only this array");
  });

  it("faults/unavailable {probability}: 1.0 always answers 503 until DELETE /sim/v1/faults", async () => {
    await t.a.request("POST", "/sim/v1/faults/unavailable", { probability: 1 });
    assert.equal((await t.a.request("GET", "/storagesystem")).status, 503);
    assert.equal((await t.a.request("DELETE", "/sim/v1/faults")).status, 200);
    assert.equal((await t.a.request("GET", "/storagesystem")).status, 200);
    assert.equal((await t.a.request("POST", "/sim/v1/faults/unavailable", { probability: 2 })).status, 400);
  });

  it("faults/drop-response: the request is executed, the response is lost", async () => {
    await t.a.request("POST", "/sim/v1/faults/drop-response", { count: 1, method: "POST", path_prefix: "/api/v1/volume" });
    await assert.rejects(t.a.request("POST", "/volume", { name: "lost_resp", capacity: 100, tpp_id: 0 }));
    const list = (await t.a.request("GET", "/volume?fields=name")).body;
    const named = list.volume_list.filter((v: { name: string }) => v.name === "lost_resp");
    assert.equal(named.length, 1, "the volume exists although the client saw no response");
    assert.equal((await t.a.request("POST", "/volume", { name: "lost_resp2", capacity: 100, tpp_id: 0 })).status, 202, "count consumed");
  });

  it("[M:dg-paths] copy-path down halts sessions; up with recovery Automatic goes back to Equivalent", async () => {
    const { id } = await createRec(t, await src(), { recovery: "Automatic" });
    await t.a.waitSession(id, (s) => s.phase === "Equivalent");
    const down = await t.a.request("POST", "/sim/v1/copy-path", { peer: "site-b", up: false });
    assert.equal(down.status, 200);
    assert.ok(down.body.affected_sessions >= 1);
    assert.equal((await t.a.session(id)).status, "Halt");
    const dst = await t.b.createVolume(`pathdown${n++}`, 1024);
    const refused = await t.a.request("POST", "/copysession/rec", { source_volume_id: await src(), destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: "Synchronous" });
    assert.equal(refused.status, 409, "no session without a copy path");
    await t.b.request("POST", "/sim/v1/copy-path", { peer: t.a.boxId, up: true });
    const s = await t.a.waitSession(id, (x) => x.status === "Active" && x.phase === "Equivalent");
    assert.equal(s.status, "Active");
  });

  it("[M:cs-delete] forced delete with the path down leaves the session on the remote array; delete it there", async () => {
    const { id, remoteId, dstVol } = await createRec(t, await src());
    await t.a.request("POST", "/sim/v1/copy-path", { peer: "site-b", up: false });
    try {
      await t.a.job("DELETE", `/copysession/${id}`, { is_forced: true });
      assert.equal((await t.a.request("GET", `/copysession/${id}`)).status, 404);
      const left = await t.b.session(remoteId);
      assert.equal(left.status, "Halt");
      assert.equal(left.remote_copysession_id, undefined);
      await t.b.job("DELETE", `/copysession/${remoteId}`, { is_forced: true });
      assert.equal((await t.b.request("GET", `/copysession/${remoteId}`)).status, 404, "the leftover is gone");
      await t.b.job("DELETE", `/volume/${dstVol}`);
    } finally {
      await t.a.request("POST", "/sim/v1/copy-path", { peer: "site-b", up: true });
    }
  });

  it("[M:op-sync] overload: sessions with their destination here go to Error; suspend refused; forced delete works", async () => {
    const { id, dstVol } = await createRec(t, await src());
    const r = await t.b.request("POST", "/sim/v1/overload", { volume_id: dstVol });
    assert.equal(r.body.affected_sessions, 1);
    const s = await t.a.session(id);
    assert.equal(s.status, "Error");
    assert.ok(s.error_ocurrence_time);
    assert.equal((await t.a.request("POST", `/copysession/${id}/suspend`, { is_forced: true })).status, 409);
    assert.equal((await t.a.request("DELETE", `/copysession/${id}`)).status, 409);
    await t.a.job("DELETE", `/copysession/${id}`, { is_forced: true });
  });

  it("tokens/expire: every token of this array answers 401, a new login works [M:login]", async () => {
    const t2 = await startTestSim();
    try {
      assert.equal((await t2.a.request("POST", "/sim/v1/tokens/expire")).status, 200);
      assert.equal((await t2.a.request("GET", "/volume")).status, 401);
      assert.equal((await t2.b.request("GET", "/volume")).status, 200);
      await t2.a.login();
      assert.equal((await t2.a.request("GET", "/volume")).status, 200);
    } finally {
      await t2.close();
    }
  });

  it("settings: copy rate, job latency and the remote copy license [M:system]", async () => {
    const r = await t.a.request("PATCH", "/sim/v1/settings", { copy_rate_mbps: 500000, job_latency_ms: 2, remote_copy_available: false });
    assert.deepEqual(r.body, { copy_rate_mbps: 500000, job_latency_ms: 2, remote_copy_available: false, rec_create_extras: true });
    assert.equal((await t.a.request("GET", "/storagesystem")).body.is_remote_copy_available, false);
    const dst = await t.b.createVolume(`lic${n++}`, 1024);
    const refused = await t.a.request("POST", "/copysession/rec", { source_volume_id: await src(), destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: "Synchronous" });
    assert.equal(refused.status, 409);
    await t.a.request("PATCH", "/sim/v1/settings", { remote_copy_available: true });
    assert.equal((await t.a.request("PATCH", "/sim/v1/settings", { copy_rate: 1 })).status, 400);
  });

  it("world and reset: the JSON world holds no secrets; reset restores the seed and keeps logins", async () => {
    const w = (await t.a.request("GET", "/sim/v1/world")).body;
    assert.ok(w.arrays.length === 2 && w.sessions.length > 0);
    const text = JSON.stringify(w);
    assert.ok(!text.includes(t.a.token!), "no tokens");
    assert.ok(!text.includes('"password"'), "no passwords");
    assert.equal((await t.a.request("POST", "/sim/v1/reset")).status, 200);
    const vols = (await t.a.request("GET", "/volume")).body;
    assert.deepEqual(vols.volume_list.map((v: { name: string }) => v.name), ["business_vol01"]);
    assert.equal((await t.a.request("GET", "/copysession")).body.total_count, 0);
    await t.a.request("POST", "/sim/v1/reset", { seed: false });
    assert.equal((await t.a.request("GET", "/volume")).body.total_count, 0);
    await t.a.request("POST", "/sim/v1/reset", {});
  });

  it("unknown admin paths are 404 and admin bodies are validated (400 naming the field)", async () => {
    assert.equal((await t.a.request("POST", "/sim/v1/nothing", {})).status, 404);
    const r = await t.a.request("POST", "/sim/v1/copy-path", { peer: "site-b" });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /\(up\)$/);
    assert.equal((await t.a.request("POST", "/sim/v1/copy-path", { peer: "nowhere", up: false })).status, 400);
  });
});
