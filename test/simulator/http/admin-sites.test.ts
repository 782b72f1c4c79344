/**
 * Copy paths and site outages over HTTP: /sim/v1/arrays/{name}/outage|restore, sim.outage()/sim.restore(),
 * /sim/v1/copy-path rtt_ms and /sim/v1/workload-bound. On a ManualClock (clocked-sim.ts).
 */
import * as assert from "node:assert/strict";
import { SimRest } from "../../helpers/sim-rest";
import { COPY_MS, ClockedSim, JOB_MS, startClockedSim } from "./clocked-sim";

describe("http: copy paths and site outages [sim, dialect DESTINATION_SIDE_OPERATIONS]", () => {
  let t: ClockedSim;
  let onLine: ((line: string) => void) | undefined;
  beforeEach(async () => { t = await startClockedSim((l) => onLine?.(l)); });
  afterEach(async () => { await t.close(); });

  it("refuse: the port refuses connections; the other array sees Halt; restore brings the same array back", async () => {
    const { remoteId } = await t.mirror();
    const r = await t.b.request("POST", "/sim/v1/arrays/site-a/outage", { mode: "refuse" });
    assert.deepEqual(r.body, { array: "site-a", mode: "refuse", halted_sessions: 1 });
    await assert.rejects(t.a.request("GET", "/storagesystem"), "connection refused");
    assert.equal((await t.b.session(remoteId)).status, "Halt");
    assert.equal((await t.write(t.b, "site-a", 100000, 0, "x")).status, 409, "writes to a down array fail");
    assert.equal((await t.b.request("POST", "/sim/v1/arrays/site-b/outage", {})).status, 409, "not from itself");
    const back = await t.b.request("POST", "/sim/v1/arrays/site-a/restore", { empty: false });
    assert.deepEqual([back.body.boxid, back.body.recovered_sessions], [t.a.boxId, 1]);
    assert.equal((await t.a.request("GET", "/storagesystem")).status, 200, "same array, same logins");
    t.clock.advance(COPY_MS);
    assert.equal((await t.b.session(remoteId)).phase, "Equivalent");
  });

  it("blackhole: requests are accepted and never answered, then reset when the array returns", async () => {
    await t.sim.outage("site-a", "blackhole");
    const held = new Promise<void>((resolve) => { onLine = (l) => { if (/site-a GET \/api\/v1\/storagesystem held/.test(l)) resolve(); }; });
    const pending = t.a.request("GET", "/storagesystem");
    await held;
    await t.sim.restore("site-a");
    await assert.rejects(pending, "the held connection is reset, never answered");
    assert.equal((await t.a.request("GET", "/storagesystem")).status, 200);
  });

  it("failover at the destination and failback as a delta through the creating array", async () => {
    const { id, remoteId, dst } = await t.mirror();
    await t.write(t.a, "site-a", 100000, 0, "primary", 10);
    await t.sim.outage("site-a");
    const seen = await t.b.session(remoteId);
    assert.deepEqual([seen.status, seen.is_local_source_volume, seen.copysession_id], ["Halt", false, remoteId]);
    assert.equal((await t.b.request("POST", `/copysession/${remoteId}/suspend`)).status, 409, "a normal suspend goes to the source");
    await t.run(t.b, "POST", `/copysession/${remoteId}/suspend`, { is_forced: true });
    t.clock.advance(2 * JOB_MS + 1);
    assert.equal((await t.b.session(remoteId)).status, "Suspend");
    assert.equal((await t.b.request("POST", `/copysession/${remoteId}/resume`)).status, 409);
    assert.equal((await t.write(t.b, "site-b", dst, 3, "dr", 4)).status, 200, "the DR copy is writable");
    await t.sim.restore("site-a");
    assert.equal((await t.b.request("POST", `/copysession/${remoteId}/reverse`)).status, 409, "normal operations go to the creating array");
    await t.run(t.a, "POST", `/copysession/${id}/reverse`);
    await t.run(t.a, "POST", `/copysession/${id}/resume`);
    const back = await t.a.session(id);
    assert.deepEqual([back.is_local_source_volume, back.uncopied_data_size], [false, 4], "only the DR writes travel");
    t.clock.advance(COPY_MS);
    assert.equal((await t.digest(t.a, "site-a", 100000)).digest, (await t.digest(t.a, "site-b", dst)).digest);
    await t.run(t.a, "POST", `/copysession/${id}/suspend`);
    t.clock.advance(2 * JOB_MS + 1);
    await t.run(t.a, "POST", `/copysession/${id}/reverse`);
    await t.run(t.a, "POST", `/copysession/${id}/resume`);
    const forward = await t.a.session(id);
    assert.deepEqual([forward.is_local_source_volume, forward.phase], [true, "Equivalent"]);
  });

  it("restore empty: a new box id and no volumes; the leftover is force-deleted and the mirror runs the other way", async () => {
    const { remoteId, dst } = await t.mirror();
    await t.write(t.a, "site-a", 100000, 0, "primary", 10);
    const oldBox = t.a.boxId;
    await t.b.request("POST", "/sim/v1/arrays/site-a/outage", {});
    const r = await t.b.request("POST", "/sim/v1/arrays/site-a/restore", { empty: true });
    assert.notEqual(r.body.boxid, oldBox);
    assert.equal(t.sim.arrays[0]!.boxId, r.body.boxid, "sim.arrays follows");
    assert.equal((await t.a.request("GET", "/storagesystem")).status, 401, "a new array has no logins");
    const a2 = new SimRest({ ...t.a.array, boxId: r.body.boxid });
    await a2.login();
    assert.equal((await a2.request("GET", "/volume")).body.volume_list.length, 0);
    const left = await t.b.session(remoteId);
    assert.deepEqual([left.status, left.remote_boxid, left.remote_copysession_id], ["Halt", oldBox, undefined]);
    await t.run(t.b, "DELETE", `/copysession/${remoteId}`, { is_forced: true });
    const job = await t.run(a2, "POST", "/volume", { name: "rebuilt", capacity: 10240, tpp_id: 0 });
    const rebuilt = Number(String(job.resource_href_list[0]).split("/").pop());
    const created = await t.run(t.b, "POST", "/copysession/rec", {
      source_volume_id: dst, destination_volume_id: rebuilt, source_boxid: t.b.boxId, destination_boxid: r.body.boxid, transfer_mode: "Synchronous",
    });
    const id = Number(String(created.resource_href_list[0]).split("/").pop());
    assert.equal((await t.b.session(id)).uncopied_data_size, 10240, "a full copy");
    t.clock.advance(COPY_MS);
    assert.equal((await t.digest(t.b, "site-a", rebuilt)).digest, (await t.digest(t.b, "site-b", dst)).digest);
  });

  it("a copy path's round trip: Synchronous writes wait for it, asynchronous ones do not; the workload bound follows", async () => {
    const { dst } = await t.mirror();
    const set = await t.a.request("POST", "/sim/v1/copy-path", { peer: "site-b", rtt_ms: 2 });
    assert.deepEqual([set.body.up, set.body.rtt_ms], [true, 2]);
    const w = (await t.write(t.a, "site-a", 100000, 0, "w")).body;
    assert.equal(w.latency_ms, 2.1, "0.1 ms in the array + 2 ms round trip");
    assert.equal(w.reached[1].wait_ms, 2);
    const bound = "/sim/v1/workload-bound?peer=site-b&writes=1000&blocks=1&queue_depth=1";
    assert.equal((await t.a.request("GET", bound)).body.host_seconds, 10, "Synchronous waits for the copy: 1000 MB at 100 MB/s");
    await t.a.request("PATCH", "/sim/v1/settings", { copy_rate_mbps: 1_000_000 });
    assert.equal((await t.a.request("GET", bound)).body.host_seconds, 2.1, "then the round trips: 1000 writes one at a time, 2.1 ms each");
    await t.a.request("PATCH", "/sim/v1/settings", { copy_rate_mbps: 100 });
    const asyncBound = (await t.a.request("GET", "/sim/v1/workload-bound?peer=site-b&writes=1000&blocks=1&queue_depth=1&transfer_mode=Consistency")).body;
    assert.equal(asyncBound.host_seconds, 0.1);
    assert.equal(asyncBound.destination_seconds, 10.001, "1000 MB at 100 MB/s, then half a round trip");
    assert.equal((await t.a.request("GET", "/sim/v1/workload-bound?peer=site-b&transfer_mode=Through")).status, 400);
    assert.equal((await t.a.request("POST", "/sim/v1/copy-path", { peer: "site-b" })).status, 400);
    assert.ok(dst > 0);
  });

  it("a copy path's bandwidth is shared by the sessions copying on it, under a per-session ceiling", async () => {
    const set = await t.a.request("POST", "/sim/v1/copy-path", { peer: "site-b", bandwidth_mbps: 40, session_ceiling_mbps: 30 });
    assert.deepEqual([set.body.bandwidth_mbps, set.body.session_ceiling_mbps], [40, 30]);
    const ids: number[] = [];
    for (const name of ["bw1", "bw2"]) {
      const src = Number(String((await t.run(t.a, "POST", "/volume", { name, capacity: 1000, tpp_id: 0 })).resource_href_list[0]).split("/").pop());
      const dst = Number(String((await t.run(t.b, "POST", "/volume", { name, capacity: 1000, tpp_id: 0 })).resource_href_list[0]).split("/").pop());
      const job = await t.run(t.a, "POST", "/copysession/rec", {
        source_volume_id: src, destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: "Stack",
      });
      ids.push(Number(String(job.resource_href_list[0]).split("/").pop()));
    }
    t.clock.advance(10_000);
    const [one, two] = [await t.a.session(ids[0]!), await t.a.session(ids[1]!)];
    assert.deepEqual([one.uncopied_data_size, two.uncopied_data_size], [800, 800], "20 MB/s each: half of 40, under the ceiling of 30");
    const bound = (await t.a.request("GET", "/sim/v1/workload-bound?peer=site-b&writes=300&blocks=1&transfer_mode=Stack")).body;
    assert.equal(bound.destination_seconds, 10, "300 MB at the 30 MB/s ceiling");
    const cleared = await t.a.request("POST", "/sim/v1/copy-path", { peer: "site-b", bandwidth_mbps: null, session_ceiling_mbps: null });
    assert.deepEqual([cleared.body.bandwidth_mbps, cleared.body.session_ceiling_mbps], [null, null]);
  });
});
