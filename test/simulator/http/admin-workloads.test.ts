/**
 * Issue 17, simulator part: a group of Synchronous REC sessions under a dependent-write workload, judged by
 * the write-order oracle. One POST /copysession/suspend freezes every destination at the request's instant
 * [M:suspend-multi]; suspends one after another do not. All on a manual clock.
 */
import * as assert from "node:assert/strict";
import { SimRest } from "../../helpers/sim-rest";
import { ClockedSim, JOB_MS, startClockedSim } from "./clocked-sim";

const VOLUMES = 3; // data, redo log, archive
const INTERVAL_MS = 10;
const COPY_64MB_MS = 2000; // 64 MB at 100 MB/s, with room

interface Group {
  src: number[];
  dst: number[];
  /** copysession ids on site-a (the creator) and on site-b. */
  ids: number[];
  remoteIds: number[];
  workload: number;
}

async function newVolume(t: ClockedSim, c: SimRest, name: string): Promise<number> {
  const job = await t.run(c, "POST", "/volume", { name, capacity: 64, tpp_id: 0 });
  return Number(String(job.resource_href_list[0]).split("/").pop());
}

/** Three 64 MB volumes mirrored Synchronous, Equivalent, with the writer running on them. */
async function group(t: ClockedSim): Promise<Group> {
  const g: Group = { src: [], dst: [], ids: [], remoteIds: [], workload: 0 };
  for (let i = 0; i < VOLUMES; i++) {
    const src = await newVolume(t, t.a, `db${i}`);
    const dst = await newVolume(t, t.b, `dr${i}`);
    const job = await t.run(t.a, "POST", "/copysession/rec", {
      source_volume_id: src, destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: "Synchronous",
    });
    const id = Number(String(job.resource_href_list[0]).split("/").pop());
    g.src.push(src);
    g.dst.push(dst);
    g.ids.push(id);
    g.remoteIds.push((await t.a.session(id)).remote_copysession_id);
  }
  t.clock.advance(COPY_64MB_MS);
  for (const id of g.ids) assert.equal((await t.a.session(id)).phase, "Equivalent");
  const w = await t.a.request("POST", "/sim/v1/workloads", { volume_ids: g.src, interval_ms: INTERVAL_MS });
  assert.equal(w.status, 200, JSON.stringify(w.body));
  g.workload = w.body.id;
  t.clock.advance(200);
  return g;
}

async function oracle(t: ClockedSim, g: Group, volumes: Array<number | "-"> = g.dst): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await t.b.request("GET", `/sim/v1/workloads/${g.workload}/oracle?volumes=${volumes.join(",")}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** A request that must be accepted; returns the job once the clock passed its latency, whatever its outcome. */
async function accepted(t: ClockedSim, c: SimRest, path: string, body: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await c.request("POST", path, body);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  t.clock.advance(JOB_MS + 1);
  return (await c.request("GET", `/job/${r.body.job_id}`)).body;
}

async function suspendedAt(t: ClockedSim, ids: number[]): Promise<Array<number | undefined>> {
  const world = (await t.a.request("GET", "/sim/v1/world")).body;
  return ids.map((id) => world.sessions.find((s: { views: Record<string, number> }) => s.views["site-a"] === id)?.suspendedAt);
}

describe("http: dependent writes over a group of REC sessions and the write-order oracle [M:suspend-multi]", () => {
  let t: ClockedSim;
  beforeEach(async () => { t = await startClockedSim(); });
  afterEach(async () => { await t.close(); });

  it("(a) suspended one after another with the clock moving between: the oracle says NOT consistent", async () => {
    const g = await group(t);
    for (const id of g.ids) {
      await t.run(t.a, "POST", `/copysession/${id}/suspend`);
      t.clock.advance(5 * INTERVAL_MS);
    }
    const v = await oracle(t, g);
    assert.equal(v.consistent, false, JSON.stringify(v));
    assert.match(v.reason, /lacks the earlier write/);
    const at = await suspendedAt(t, g.ids);
    assert.equal(new Set(at).size, VOLUMES, "three instants");
  });

  it("(a') writes_per_request: single suspends at ONE clock instant still freeze different points; a multi-suspend does not", async () => {
    const g = await group(t);
    const paced = await t.a.request("POST", "/sim/v1/workloads", { volume_ids: g.src, interval_ms: 3600_000, writes_per_request: 2 * VOLUMES });
    assert.equal(paced.status, 200, JSON.stringify(paced.body));
    assert.equal(paced.body.writes_per_request, 2 * VOLUMES);
    await t.a.request("POST", `/sim/v1/workloads/${g.workload}/stop`);
    g.workload = paced.body.id;
    // The clock does not move between the three requests: only the requests themselves pace the writer.
    for (const id of g.ids) assert.equal((await t.a.request("POST", `/copysession/${id}/suspend`)).status, 202);
    const v = await oracle(t, g);
    assert.equal(v.consistent, false, JSON.stringify(v));
    assert.equal(new Set(await suspendedAt(t, g.ids)).size, 1, "one clock instant for all three suspends");
    t.clock.advance(JOB_MS * 3);
    for (const id of g.ids) await t.run(t.a, "POST", `/copysession/${id}/resume`);
    t.clock.advance(COPY_64MB_MS);
    await accepted(t, t.a, "/copysession/suspend", { copysession_id_list: g.ids });
    const together = await oracle(t, g);
    assert.equal(together.consistent, true, JSON.stringify(together));
  });

  it("(b) one multi-suspend: consistent, every session suspended at the same model instant", async () => {
    const g = await group(t);
    const before = (await t.a.request("GET", `/sim/v1/workloads/${g.workload}`)).body.acknowledged_writes;
    const job = await accepted(t, t.a, "/copysession/suspend", { copysession_id_list: g.ids });
    assert.equal(job.status, "Success");
    t.clock.advance(500); // the writer goes on at the source; the copies stay frozen
    const v = await oracle(t, g);
    assert.equal(v.consistent, true, JSON.stringify(v));
    assert.ok(v.cut >= before - 1, "every write acknowledged before the request is on the copies");
    const at = await suspendedAt(t, g.ids);
    assert.equal(new Set(at).size, 1);
    assert.equal(typeof at[0], "number");
    assert.deepEqual(v.evidence.map((e: { suspended_at: number }) => e.suspended_at), at);
    const w = (await t.a.request("GET", `/sim/v1/workloads/${g.workload}`)).body;
    assert.ok(w.acknowledged_writes > v.cut + 1 + 10, "the source went on");
  });

  it("(c) per-item failures (one already suspended, one in Error): Partial_Error, the others share one instant", async () => {
    const g = await group(t);
    await t.run(t.a, "POST", `/copysession/${g.ids[0]}/suspend`);
    t.clock.advance(100);
    const job = await accepted(t, t.a, "/copysession/suspend", { copysession_id_list: g.ids });
    assert.equal(job.status, "Partial_Error");
    assert.deepEqual(job.failed_resource_info_list.map((f: { resource_href: string }) => f.resource_href), [`/api/v1/copysession/${g.ids[0]}`]);
    const at = await suspendedAt(t, g.ids);
    assert.equal(at[1], at[2]);
    assert.ok(at[0]! < at[1]!);
    assert.equal((await oracle(t, g, ["-", g.dst[1]!, g.dst[2]!])).consistent, true, "the two suspended together agree");
    assert.equal((await oracle(t, g)).consistent, false, "the one suspended earlier does not");

    // Error: the destination of the first session overloaded after a resume; the rest suspend together.
    await t.run(t.a, "POST", `/copysession/${g.ids[0]}/resume`);
    for (const id of g.ids.slice(1)) await t.run(t.a, "POST", `/copysession/${id}/resume`);
    t.clock.advance(COPY_64MB_MS);
    assert.equal((await t.b.request("POST", "/sim/v1/overload", { volume_id: g.dst[0] })).status, 200);
    t.clock.advance(100);
    const job2 = await accepted(t, t.a, "/copysession/suspend", { copysession_id_list: g.ids });
    assert.equal(job2.status, "Partial_Error");
    assert.equal(job2.failed_resource_info_list[0].resource_href, `/api/v1/copysession/${g.ids[0]}`);
    const at2 = await suspendedAt(t, g.ids);
    assert.deepEqual([at2[0], at2[1] === at2[2]], [undefined, true]);
    assert.equal((await oracle(t, g, ["-", g.dst[1]!, g.dst[2]!])).consistent, true);
  });

  it("(d) after resume and a second multi-suspend: still consistent, at a new instant", async () => {
    const g = await group(t);
    await accepted(t, t.a, "/copysession/suspend", { copysession_id_list: g.ids });
    const first = await oracle(t, g);
    t.clock.advance(300);
    for (const id of g.ids) await t.run(t.a, "POST", `/copysession/${id}/resume`);
    t.clock.advance(COPY_64MB_MS);
    for (const id of g.ids) assert.equal((await t.a.session(id)).phase, "Equivalent");
    const job = await accepted(t, t.a, "/copysession/suspend", { copysession_id_list: g.ids });
    assert.equal(job.status, "Success");
    const second = await oracle(t, g);
    assert.equal(second.consistent, true, JSON.stringify(second));
    assert.ok(second.cut > first.cut);
    const at = await suspendedAt(t, g.ids);
    assert.equal(new Set(at).size, 1);
    assert.ok(at[0]! > first.evidence[0].suspended_at);
  });

  it("(e) business array blacked out, forced multi-suspend through the destination: consistent, no acknowledged write lost", async () => {
    const g = await group(t);
    assert.equal((await t.b.request("POST", "/sim/v1/arrays/site-a/outage", { mode: "blackhole" })).status, 200);
    t.clock.advance(200);
    const job = await accepted(t, t.b, "/copysession/suspend", { copysession_id_list: g.remoteIds, is_forced: true });
    assert.equal(job.status, "Success", JSON.stringify(job));
    t.clock.advance(2 * JOB_MS); // the concurrent suspend has finished: the copies are readable
    const w = (await t.b.request("GET", `/sim/v1/workloads/${g.workload}`)).body;
    assert.equal(w.state, "stalled", "the writer's next write was refused, never acknowledged");
    const v = await oracle(t, g);
    assert.equal(v.consistent, true, JSON.stringify(v));
    assert.equal(v.cut, w.acknowledged_writes - 1, "every acknowledged write is on the copies, nothing more");
    for (let i = 0; i < VOLUMES; i++) {
      const src = await t.digest(t.b, "site-a", g.src[i]!);
      const dst = await t.digest(t.b, "site-b", g.dst[i]!);
      assert.equal(dst.digest, src.digest, `volume ${i}: Synchronous lost nothing`);
      assert.equal(dst.host_readable, true);
    }
    const world = (await t.b.request("GET", "/sim/v1/world")).body; // site-a is down: read the sessions through site-b
    const times = g.remoteIds.map((id) => world.sessions.find((s: { views: Record<string, number> }) => s.views["site-b"] === id).suspendedAt);
    assert.equal(new Set(times).size, 1);
  });

  it("admin: start validates, list and stop; unknown workload 404; the oracle needs one copy per volume", async () => {
    const g = await group(t);
    assert.equal((await t.a.request("POST", "/sim/v1/workloads", { volume_ids: [g.src[0]] })).status, 400);
    assert.equal((await t.a.request("GET", "/sim/v1/workloads/99")).status, 404);
    assert.equal((await t.b.request("GET", `/sim/v1/workloads/${g.workload}/oracle?volumes=${g.dst[0]}`)).status, 400);
    assert.equal((await t.b.request("GET", `/sim/v1/workloads/${g.workload}/oracle?volumes=x,y,z`)).status, 400);
    assert.equal((await t.a.request("GET", "/sim/v1/workloads")).body.workloads.length, 1);
    const stopped = (await t.a.request("POST", `/sim/v1/workloads/${g.workload}/stop`, {})).body;
    t.clock.advance(500);
    const later = (await t.a.request("GET", `/sim/v1/workloads/${g.workload}`)).body;
    assert.deepEqual([later.state, later.acknowledged_writes], ["stopped", stopped.acknowledged_writes]);
  });
});
