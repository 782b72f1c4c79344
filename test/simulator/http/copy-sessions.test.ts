import * as assert from "node:assert/strict";
import { ManualClock } from "../../../simulator/model/clock";
import { SimRest } from "../../helpers/sim-rest";
import { createRec, startTestSim, TestSim } from "../helpers";

describe("http: REC copy sessions", () => {
  let t: TestSim;
  let n = 0;
  before(async () => { t = await startTestSim(); });
  after(async () => { await t.close(); });
  const newSrc = () => t.a.createVolume(`src${n++}`, 1024);
  const suspended = async (id: number, forced = false) => {
    await t.a.job("POST", `/copysession/${id}/suspend`, forced ? { is_forced: true } : undefined);
    return t.a.waitSession(id, (s) => s.status === "Suspend");
  };

  it("[M:rec-post] the session appears on both arrays with their own ids, remote ids and direction flags", async () => {
    const src = await newSrc();
    const { id, remoteId, dstVol } = await createRec(t, src, { mode: "Synchronous", split: "Automatic", recovery: "Automatic" });
    const la = await t.a.session(id);
    const lb = await t.b.session(remoteId);
    assert.deepEqual([la.type, la.copy_range, la.requestor, la.transfer_mode, la.split_mode, la.recovery_mode], ["REC", "Totally", "REST", "Synchronous", "Automatic", "Automatic"]);
    assert.equal(la.remote_copysession_id, remoteId);
    assert.equal(lb.remote_copysession_id, id);
    assert.equal(la.remote_boxid, t.b.boxId);
    assert.equal(lb.remote_boxid, t.a.boxId);
    assert.equal(la.is_local_source_volume, true);
    assert.equal(lb.is_local_source_volume, false);
    assert.equal(la.source_volume_href, `/api/v1/volume/${src}`);
    assert.equal(la.destination_volume_href, `/api/v1/volume/${dstVol}`, "remote volume named as the remote array does (docs/unverified-points.md#row-11-remote-destination-fields)");
    assert.equal(la.total_data_size, 1024);
    const eq = await t.a.waitSession(id, (s) => s.phase === "Equivalent");
    assert.deepEqual([eq.status, eq.progress, eq.uncopied_data_size], ["Active", 100, 0]);
  });

  it("[M:rec-post] validation: unknown box 400, size mismatch 409, duplicate pair 409 (docs/unverified-points.md#row-15-rec-create-extras), Through 400", async () => {
    const src = await newSrc();
    const dst = await t.b.createVolume(`dst${n++}`, 1024);
    const body = { source_volume_id: src, destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: "Synchronous" };
    const badBox = await t.a.request("POST", "/copysession/rec", { ...body, destination_boxid: "X".repeat(40) });
    assert.equal(badBox.status, 400);
    assert.match(badBox.body.message, /\(destination_boxid\)$/);
    assert.equal((await t.b.request("POST", "/copysession/rec", body)).status, 400, "POST goes to the source array");
    const through = await t.a.request("POST", "/copysession/rec", { ...body, transfer_mode: "Through" });
    assert.equal(through.status, 400);
    assert.match(through.body.message, /\(transfer_mode\)$/);
    const small = await t.b.createVolume(`small${n++}`, 512);
    assert.equal((await t.a.request("POST", "/copysession/rec", { ...body, destination_volume_id: small })).status, 409);
    await t.a.job("POST", "/copysession/rec", body);
    const dup = await t.a.request("POST", "/copysession/rec", body);
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error_code.length, 4);
  });

  it("[M:op-sync] at most eight mirrors per business volume; the ninth is 409 (docs/unverified-points.md#row-16-session-limit-per-source)", async () => {
    const src = await newSrc();
    for (let i = 0; i < 8; i++) await createRec(t, src);
    const dst = await t.b.createVolume(`ninth${n++}`, 1024);
    const r = await t.a.request("POST", "/copysession/rec", { source_volume_id: src, destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: "Synchronous" });
    assert.equal(r.status, 409);
    const vcs = (await t.a.request("GET", `/volume/${src}/copysession`)).body;
    assert.equal(vcs.backup_volume_list.length, 8);
  });

  it("[M:vol-cs] GET /volume/{id}/copysession: backup_volume_list on the source, the session on the destination", async () => {
    const src = await newSrc();
    const { id, remoteId, dstVol } = await createRec(t, src);
    const s = (await t.a.request("GET", `/volume/${src}/copysession`)).body;
    assert.equal(s.is_copy_source_volume, true);
    assert.equal(s.is_copy_destination_volume, false);
    const b = s.backup_volume_list[0];
    assert.deepEqual([b.backup_type, b.destination_boxid, b.copysession_href, b.remote_copysession_id, b.volume_href],
      ["Remote_Mirror", t.b.boxId, `/api/v1/copysession/${id}`, remoteId, `/api/v1/volume/${dstVol}`]);
    const d = (await t.b.request("GET", `/volume/${dstVol}/copysession`)).body;
    assert.deepEqual([d.is_copy_destination_volume, d.source_boxid, d.copysession_href, d.backup_type], [true, t.a.boxId, `/api/v1/copysession/${remoteId}`, "Remote_Mirror"]);
    assert.deepEqual(d.backup_volume_list, []);
  });

  it("[M:cs-list] GET /copysession: fields, copysession_id filter, paging", async () => {
    const all = (await t.a.request("GET", "/copysession?fields=status,phase")).body;
    assert.ok(all.total_count >= 3);
    assert.deepEqual(Object.keys(all.copysession_list[0]).sort(), ["copysession_id", "phase", "status"]);
    const p = (await t.a.request("GET", "/copysession?max_records=2")).body;
    assert.equal(p.list_count, 2);
    assert.match(p.next_href, /^\/api\/v1\/copysession\?max_records=2&last_get_id=\d+$/);
    const one = (await t.a.request("GET", `/copysession?copysession_id=${all.copysession_list[0].copysession_id}`)).body;
    assert.equal(one.total_count, 1);
    assert.equal((await t.a.request("GET", "/copysession?fields=copysession_list")).status, 400);
    assert.equal((await t.a.request("GET", "/copysession/4242")).status, 404);
  });

  it("[M:suspend] suspend before PATCH; normal suspend needs Equivalent; job Success may precede status Suspend (docs/unverified-points.md#row-6-suspend-completion)", async () => {
    const clock = new ManualClock(Date.now());
    // Driven step by step: every job is finished by advancing the clock past its latency.
    const t3 = await startTestSim({ copyRateMbps: 1000, jobLatencyMs: 100, clock });
    const run = async (c: SimRest, method: string, p: string, body?: unknown) => {
      const r = await c.request(method, p, body);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      clock.advance(100);
      return (await c.request("GET", `/job/${r.body.job_id}`)).body;
    };
    try {
      const src = Number((await run(t3.a, "POST", "/volume", { name: "slow", capacity: 1024, tpp_id: 0 })).resource_href_list[0].split("/").pop());
      const dst = Number((await run(t3.b, "POST", "/volume", { name: "slowm", capacity: 1024, tpp_id: 0 })).resource_href_list[0].split("/").pop());
      const created = await run(t3.a, "POST", "/copysession/rec", { source_volume_id: src, destination_volume_id: dst, source_boxid: t3.a.boxId, destination_boxid: t3.b.boxId, transfer_mode: "Synchronous" });
      const id = Number(created.resource_href_list[0].split("/").pop());
      assert.equal((await t3.a.session(id)).phase, "Copying");
      assert.equal((await t3.a.request("POST", `/copysession/${id}/suspend`)).status, 409, "not Equivalent yet");
      assert.equal((await t3.a.request("PATCH", `/copysession/${id}`, { transfer_mode: "Stack" })).status, 409, "PATCH needs a suspended session");
      clock.advance(1100);
      assert.equal((await t3.a.session(id)).phase, "Equivalent");
      const job = await run(t3.a, "POST", `/copysession/${id}/suspend`);
      assert.equal(job.status, "Success");
      assert.deepEqual(job.progress_href_list, [`/api/v1/copysession/${id}`]);
      const mid = await t3.a.session(id);
      assert.deepEqual([mid.status, mid.concurrent_suspend_result], ["Active", "Running"]);
      assert.equal((await t3.a.request("PATCH", `/copysession/${id}`, { transfer_mode: "Stack" })).status, 409, "still suspending");
      clock.advance(100);
      const done = await t3.a.session(id);
      assert.deepEqual([done.status, done.phase, done.concurrent_suspend_result], ["Suspend", "Tracking", "Success"]);
      assert.ok(done.backup_time);
    } finally {
      await t3.close();
    }
  });

  it("[M:rec-patch] transfer_mode/split_mode/recovery_mode on a suspended session; sync->async sets Manual; no Through", async () => {
    const src = await newSrc();
    const { id } = await createRec(t, src, { split: "Automatic" });
    await t.a.waitSession(id, (s) => s.phase === "Equivalent");
    await suspended(id);
    await t.a.job("PATCH", `/copysession/${id}`, { transfer_mode: "Consistency" });
    let s = await t.a.session(id);
    assert.deepEqual([s.transfer_mode, s.split_mode], ["Consistency", "Manual"]);
    const split = await t.a.request("PATCH", `/copysession/${id}`, { split_mode: "Automatic" });
    assert.equal(split.status, 409, "split_mode only for Synchronous");
    const through = await t.a.request("PATCH", `/copysession/${id}`, { transfer_mode: "Through" });
    assert.equal(through.status, 400);
    assert.match(through.body.message, /\(transfer_mode\)$/);
    await t.a.job("PATCH", `/copysession/${id}`, { transfer_mode: "Synchronous" });
    await t.a.job("PATCH", `/copysession/${id}`, { split_mode: "Automatic" });
    await t.a.job("PATCH", `/copysession/${id}`, { recovery_mode: "Manual" });
    s = await t.a.session(id);
    assert.deepEqual([s.transfer_mode, s.split_mode, s.recovery_mode], ["Synchronous", "Automatic", "Manual"]);
    assert.equal((await t.a.request("PATCH", `/copysession/${id}`, {})).status, 400);
  });

  it("[M:resume] resume copies only the changes; destination not readable until suspended", async () => {
    const src = await newSrc();
    const { id, remoteId, dstVol } = await createRec(t, src);
    await t.a.waitSession(id, (s) => s.phase === "Equivalent");
    assert.equal((await t.b.request("POST", "/sim/v1/reads", { volume_id: dstVol })).status, 409);
    assert.equal((await t.a.request("POST", `/copysession/${id}/resume`)).status, 409, "resume needs a suspended session");
    await suspended(id);
    assert.equal((await t.b.request("POST", "/sim/v1/reads", { volume_id: dstVol })).status, 200);
    await t.a.request("POST", "/sim/v1/writes", { volume_id: src, mb: 100 });
    await t.b.request("POST", "/sim/v1/writes", { volume_id: dstVol, mb: 20 });
    assert.equal((await t.b.session(remoteId)).tracking_data_size, 120);
    await t.a.job("POST", `/copysession/${id}/resume`);
    const s = await t.a.waitSession(id, (x) => x.phase === "Equivalent");
    assert.deepEqual([s.status, s.tracking_data_size], ["Active", 0]);
  });

  it("[M:reverse] only when suspended; swaps the direction on both arrays", async () => {
    const src = await newSrc();
    const { id, remoteId, dstVol } = await createRec(t, src);
    await t.a.waitSession(id, (s) => s.phase === "Equivalent");
    assert.equal((await t.a.request("POST", `/copysession/${id}/reverse`)).status, 409);
    await suspended(id);
    await t.a.job("POST", `/copysession/${id}/reverse`);
    const la = await t.a.session(id);
    const lb = await t.b.session(remoteId);
    assert.equal(la.is_local_source_volume, false);
    assert.equal(lb.is_local_source_volume, true);
    assert.equal(la.source_volume_href, `/api/v1/volume/${dstVol}`);
    assert.equal(lb.destination_volume_href, `/api/v1/volume/${src}`);
    await t.a.job("POST", `/copysession/${id}/resume`);
    await t.a.waitSession(id, (s) => s.phase === "Equivalent");
    assert.equal((await t.a.request("POST", "/sim/v1/reads", { volume_id: src })).status, 409, "the former source is now the destination");
  });

  it("[M:cs-delete] normal delete only in Equivalent, Consistency only forced, forced body {is_forced: true} (docs/unverified-points.md#row-1-forced-delete)", async () => {
    const t2 = await startTestSim({ copyRateMbps: 1 });
    try {
      const src = await t2.a.createVolume("del", 1024);
      const { id, remoteId } = await createRec(t2, src);
      assert.equal((await t2.a.request("DELETE", `/copysession/${id}`)).status, 409, "Copying needs forced");
      await t2.a.job("DELETE", `/copysession/${id}`, { is_forced: true });
      assert.equal((await t2.a.request("GET", `/copysession/${id}`)).status, 404);
      assert.equal((await t2.b.request("GET", `/copysession/${remoteId}`)).status, 404, "gone on both arrays");
      await t2.a.request("PATCH", "/sim/v1/settings", { copy_rate_mbps: 1_000_000 });
      const c = await createRec(t2, src, { mode: "Consistency" });
      await t2.a.waitSession(c.id, (s) => s.phase === "Equivalent");
      assert.equal((await t2.a.request("DELETE", `/copysession/${c.id}`)).status, 409);
      await t2.a.job("DELETE", `/copysession/${c.id}`, { is_forced: true });
      const y = await createRec(t2, src);
      await t2.a.waitSession(y.id, (s) => s.phase === "Equivalent");
      await t2.a.job("DELETE", `/copysession/${y.id}`);
      assert.equal((await t2.a.request("DELETE", `/copysession/${y.id}`, { is_forced: "yes" })).status, 400);
    } finally {
      await t2.close();
    }
  });

  it("[M:suspend-multi] POST /copysession/suspend reports per-item results (docs/unverified-points.md#row-3-multi-suspend-body, docs/unverified-points.md#row-8-job-result-lists)", async () => {
    const a1 = await createRec(t, await newSrc());
    const a2 = await createRec(t, await newSrc());
    await t.a.waitSession(a1.id, (s) => s.phase === "Equivalent");
    await t.a.waitSession(a2.id, (s) => s.phase === "Equivalent");
    const job = await t.a.job("POST", "/copysession/suspend", { copysession_id_list: [a1.id, a2.id, 777] });
    assert.equal(job.status, "Partial_Error");
    assert.deepEqual(job.succeeded_resource_href_list, [`/api/v1/copysession/${a1.id}`, `/api/v1/copysession/${a2.id}`]);
    assert.equal(job.failed_resource_info_list[0].resource_href, "/api/v1/copysession/777");
    assert.equal(typeof job.failed_resource_info_list[0].error_code, "string");
    const none = await t.a.job("POST", "/copysession/suspend", { copysession_id_list: [777] });
    assert.equal(none.status, "Error");
  });

  it("[M:suspend-multi] every session of one request is suspended at the request's instant, even on a clock that moves per read", async () => {
    const ticking = new (class extends ManualClock {
      override now(): number {
        this.advance(1);
        return super.now();
      }
    })();
    const t2 = await startTestSim({ clock: ticking });
    try {
      const sessions = [await createRec(t2, await t2.a.createVolume("m1")), await createRec(t2, await t2.a.createVolume("m2"))];
      for (const s of sessions) await t2.a.waitSession(s.id, (x) => x.phase === "Equivalent");
      await t2.a.job("POST", "/copysession/suspend", { copysession_id_list: sessions.map((s) => s.id) });
      const world = (await t2.a.request("GET", "/sim/v1/world")).body;
      const at = sessions.map((s) => world.sessions.find((w: { views: Record<string, number> }) => w.views["site-a"] === s.id).suspendedAt);
      assert.equal(typeof at[0], "number");
      assert.equal(at[0], at[1]);
    } finally {
      await t2.close();
    }
  });

  it("rec_create_extras: false makes the array refuse split_mode/recovery_mode at create (400 naming the field)", async () => {
    await t.a.request("PATCH", "/sim/v1/settings", { rec_create_extras: false });
    try {
      const src = await newSrc();
      const dst = await t.b.createVolume(`extras_${n++}`, 1024);
      const body = { source_volume_id: src, destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: "Synchronous" };
      const refused = await t.a.request("POST", "/copysession/rec", { ...body, split_mode: "Automatic" });
      assert.equal(refused.status, 400);
      assert.match(refused.body.message, /split_mode/);
      assert.equal((await t.a.request("POST", "/copysession/rec", body)).status, 202, "the five documented fields are accepted");
    } finally {
      await t.a.request("PATCH", "/sim/v1/settings", { rec_create_extras: true });
    }
  });

  describe("an array speaking another dialect (PUT /sim/v1/dialect, model/dialect-choice.ts)", () => {
    const rows = { "1": { form: "query:forced", evidence: "" }, "2": { form: "query:forced", evidence: "" }, "3": { form: "body:copysession_href_list", evidence: "" },
      "7": { form: "query:job_id", evidence: "" }, "15": { form: "documented-only", evidence: "" }, "17": { form: "one-field-per-request", evidence: "" } };
    before(async () => {
      const r = await t.a.request("PUT", "/sim/v1/dialect", { format: "eternus-rec-dialect/1", probeVersion: "test", rows });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.dialect.forcedSuspend, "query:forced");
    });
    after(async () => { assert.equal((await t.a.request("DELETE", "/sim/v1/dialect")).status, 200); });

    /** The flat error body of a real array [M:error]: 4-digit error_code, "Description (Factor)". */
    const refusedNaming = (r: { status: number; body: any }, factor: string) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.body.error_code, /^\d{4}$/);
      assert.match(r.body.message, new RegExp(`^[A-Z][^()]+ \\(${factor}\\)$`));
      assert.deepEqual(Object.keys(r.body).sort(), ["error_code", "internal_code", "message"]);
    };

    it("our default forms get a 400 naming the parameter and change nothing; the array's forms are accepted", async () => {
      const src = await newSrc();
      const dst = await t.b.createVolume(`dia${n++}`, 1024);
      const body = { source_volume_id: src, destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: "Synchronous" };
      refusedNaming(await t.a.request("POST", "/copysession/rec", { ...body, recovery_mode: "Automatic" }), "recovery_mode");
      assert.equal((await t.a.list<{ source_volume_href?: string }>("/copysession", "copysession_list")).filter((x) => x.source_volume_href === `/api/v1/volume/${src}`).length, 0, "nothing created");
      const created = await t.a.job("POST", "/copysession/rec", body);
      const id = Number(String(created.resource_href_list[0]).split("/").pop());
      refusedNaming(await t.a.request("POST", `/copysession/${id}/suspend`, { is_forced: true }), "is_forced");
      assert.equal((await t.a.session(id)).status, "Active", "the refused suspend did nothing");
      await t.a.job("POST", `/copysession/${id}/suspend?forced=true`);
      await t.a.waitSession(id, (x) => x.status === "Suspend");
      assert.equal((await t.a.request("PATCH", `/copysession/${id}`, { transfer_mode: "Synchronous", split_mode: "Manual" })).status, 400, "row 17 pinned: one field per PATCH");
      refusedNaming(await t.a.request("POST", "/copysession/suspend", { copysession_id_list: [id] }), "copysession_id_list");
      refusedNaming(await t.a.request("DELETE", `/copysession/${id}`, { is_forced: true }), "is_forced");
      const done = await t.a.job("DELETE", `/copysession/${id}?forced=true`);
      refusedNaming(await t.a.request("DELETE", "/job", { job_id_list: [done.job_id] }), "job_id_list");
      assert.equal((await t.a.request("DELETE", `/job?job_id=${done.job_id}`)).status, 200);
    });
  });
});
