/**
 * Site outages and volume content over HTTP: the admin routes /sim/v1/arrays/{name}/outage|restore,
 * /sim/v1/writes and /sim/v1/volumes/{array}/{id}/digest, and sim.outage()/sim.restore(). The model runs on
 * a ManualClock: jobs and copies finish when the test moves time, never by waiting.
 */
import * as assert from "node:assert/strict";
import { ManualClock } from "../../../simulator/model/clock";
import { SimClient, TestSim, startTestSim } from "../helpers";

const JOB_MS = 4; // startTestSim's job latency
const COPY_RATE = 100; // MB/s: a job latency moves 0.5 MB, so sizes read exactly
const COPY_MS = 120_000; // 10240 MB at 100 MB/s, with room

describe("http: site outage and volume content [sim, dialect DESTINATION_SIDE_OPERATIONS]", () => {
  let t: TestSim;
  let clock: ManualClock;
  const lines: string[] = [];
  let onLine: ((line: string) => void) | undefined;

  beforeEach(async () => {
    clock = new ManualClock();
    lines.length = 0;
    t = await startTestSim({ clock, copyRateMbps: COPY_RATE, log: (l) => { lines.push(l); onLine?.(l); } });
  });
  afterEach(async () => { await t.close(); });

  /** A mutating request that must be accepted; the job ends when the clock passes its latency. */
  async function run(c: SimClient, method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await c.req(method, path, body);
    assert.equal(r.status, 202, `${method} ${path}: ${JSON.stringify(r.body)}`);
    clock.advance(JOB_MS + 1);
    const job = (await c.req("GET", `/job/${r.body.job_id}`)).body;
    assert.equal(job.status, "Success", JSON.stringify(job));
    return job;
  }

  /** business_vol01 on site-a mirrored to a new volume on site-b, Equivalent. */
  async function mirror(mode = "Synchronous"): Promise<{ id: number; remoteId: number; dst: number }> {
    const job = await run(t.b, "POST", "/volume", { name: "dr_mirror", capacity: 10240, tpp_id: 0 });
    const dst = Number(String(job.resource_href_list[0]).split("/").pop());
    const created = await run(t.a, "POST", "/copysession/rec", {
      source_volume_id: 100000, destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: mode,
    });
    const id = Number(String(created.resource_href_list[0]).split("/").pop());
    clock.advance(COPY_MS);
    const s = await t.a.session(id);
    assert.equal(s.phase, "Equivalent");
    return { id, remoteId: s.remote_copysession_id, dst };
  }

  const write = (c: SimClient, array: string, volume_id: number, block: number, write_id: string, count = 1) =>
    c.req("POST", "/sim/v1/writes", { array, volume_id, block, count, write_id });
  const digest = async (c: SimClient, array: string, volumeId: number, q = "") =>
    (await c.req("GET", `/sim/v1/volumes/${array}/${volumeId}/digest${q}`)).body;

  it("a write names its content and says which copies it reached; digests compare volumes", async () => {
    const { dst } = await mirror();
    const w = await write(t.b, "site-a", 100000, 5, "w1", 2);
    assert.equal(w.status, 200, JSON.stringify(w.body));
    assert.deepEqual(w.body.reached, [{ array: "site-a", volume_id: 100000 }, { array: "site-b", volume_id: dst, copysession_id: 0 }]);
    const src = await digest(t.a, "site-a", 100000, "?block=5&count=2");
    const copy = await digest(t.a, "site-b", dst, "?block=5&count=2");
    assert.equal(src.digest, copy.digest);
    assert.equal(src.range.written_blocks, 2);
    assert.deepEqual([copy.incomplete, copy.host_readable], [false, false], "a duplexing destination is not host-readable");
    assert.equal((await write(t.a, "site-b", dst, 0, "x")).status, 409, "the destination of an active session");
    assert.equal((await t.a.req("GET", "/sim/v1/volumes/site-a/100000/digest?count=2")).status, 400);
  });

  it("refuse: the port refuses connections; the other array sees Halt; restore brings the same array back", async () => {
    const { remoteId } = await mirror();
    const r = await t.b.req("POST", "/sim/v1/arrays/site-a/outage", { mode: "refuse" });
    assert.deepEqual(r.body, { array: "site-a", mode: "refuse", halted_sessions: 1 });
    await assert.rejects(t.a.req("GET", "/storagesystem"), "connection refused");
    assert.equal((await t.b.session(remoteId)).status, "Halt");
    assert.equal((await write(t.b, "site-a", 100000, 0, "x")).status, 409, "writes to a down array fail");
    assert.equal((await t.b.req("POST", "/sim/v1/arrays/site-b/outage", {})).status, 409, "not from itself");
    const back = await t.b.req("POST", "/sim/v1/arrays/site-a/restore", { empty: false });
    assert.deepEqual([back.body.boxid, back.body.recovered_sessions], [t.a.boxId, 1]);
    assert.equal((await t.a.req("GET", "/storagesystem")).status, 200, "same array, same logins");
    clock.advance(COPY_MS);
    assert.equal((await t.b.session(remoteId)).phase, "Equivalent");
  });

  it("blackhole: requests are accepted and never answered, then reset when the array returns", async () => {
    await t.sim.outage("site-a", "blackhole");
    const held = new Promise<void>((resolve) => { onLine = (l) => { if (/site-a GET \/api\/v1\/storagesystem held/.test(l)) resolve(); }; });
    const pending = t.a.req("GET", "/storagesystem");
    await held;
    await t.sim.restore("site-a");
    await assert.rejects(pending, "the held connection is reset, never answered");
    assert.equal((await t.a.req("GET", "/storagesystem")).status, 200);
  });

  it("failover at the destination and failback as a delta through the creating array", async () => {
    const { id, remoteId, dst } = await mirror();
    await write(t.a, "site-a", 100000, 0, "primary", 10);
    await t.sim.outage("site-a");
    const seen = await t.b.session(remoteId);
    assert.deepEqual([seen.status, seen.is_local_source_volume, seen.copysession_id], ["Halt", false, remoteId]);
    assert.equal((await t.b.req("POST", `/copysession/${remoteId}/suspend`)).status, 409, "a normal suspend goes to the source");
    await run(t.b, "POST", `/copysession/${remoteId}/suspend`, { is_forced: true });
    clock.advance(2 * JOB_MS + 1);
    assert.equal((await t.b.session(remoteId)).status, "Suspend");
    assert.equal((await t.b.req("POST", `/copysession/${remoteId}/resume`)).status, 409);
    assert.equal((await write(t.b, "site-b", dst, 3, "dr", 4)).status, 200, "the DR copy is writable");
    await t.sim.restore("site-a");
    assert.equal((await t.b.req("POST", `/copysession/${remoteId}/reverse`)).status, 409, "normal operations go to the creating array");
    await run(t.a, "POST", `/copysession/${id}/reverse`);
    await run(t.a, "POST", `/copysession/${id}/resume`);
    const back = await t.a.session(id);
    assert.deepEqual([back.is_local_source_volume, back.uncopied_data_size], [false, 4], "only the DR writes travel");
    clock.advance(COPY_MS);
    assert.equal((await digest(t.a, "site-a", 100000)).digest, (await digest(t.a, "site-b", dst)).digest);
    await run(t.a, "POST", `/copysession/${id}/suspend`);
    clock.advance(2 * JOB_MS + 1);
    await run(t.a, "POST", `/copysession/${id}/reverse`);
    await run(t.a, "POST", `/copysession/${id}/resume`);
    const forward = await t.a.session(id);
    assert.deepEqual([forward.is_local_source_volume, forward.phase], [true, "Equivalent"]);
  });

  it("restore empty: a new box id and no volumes; the leftover is force-deleted and the mirror runs the other way", async () => {
    const { remoteId, dst } = await mirror();
    await write(t.a, "site-a", 100000, 0, "primary", 10);
    const oldBox = t.a.boxId;
    await t.b.req("POST", "/sim/v1/arrays/site-a/outage", {});
    const r = await t.b.req("POST", "/sim/v1/arrays/site-a/restore", { empty: true });
    assert.notEqual(r.body.boxid, oldBox);
    assert.equal(t.sim.arrays[0]!.boxId, r.body.boxid, "sim.arrays follows");
    assert.equal((await t.a.req("GET", "/storagesystem")).status, 401, "a new array has no logins");
    const a2 = new SimClient(t.a.baseUrl, r.body.boxid);
    await a2.login();
    assert.equal((await a2.req("GET", "/volume")).body.volume_list.length, 0);
    const left = await t.b.session(remoteId);
    assert.deepEqual([left.status, left.remote_boxid, left.remote_copysession_id], ["Halt", oldBox, undefined]);
    await run(t.b, "DELETE", `/copysession/${remoteId}`, { is_forced: true });
    const job = await run(a2, "POST", "/volume", { name: "rebuilt", capacity: 10240, tpp_id: 0 });
    const rebuilt = Number(String(job.resource_href_list[0]).split("/").pop());
    const created = await run(t.b, "POST", "/copysession/rec", {
      source_volume_id: dst, destination_volume_id: rebuilt, source_boxid: t.b.boxId, destination_boxid: r.body.boxid, transfer_mode: "Synchronous",
    });
    const id = Number(String(created.resource_href_list[0]).split("/").pop());
    assert.equal((await t.b.session(id)).uncopied_data_size, 10240, "a full copy");
    clock.advance(COPY_MS);
    assert.equal((await digest(t.b, "site-a", rebuilt)).digest, (await digest(t.b, "site-b", dst)).digest);
  });
});
