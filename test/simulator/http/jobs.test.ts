import * as assert from "node:assert/strict";
import { ManualClock } from "../../../simulator/model/clock";
import { SimRest } from "../../helpers/sim-rest";
import { startTestSim, TestSim } from "../helpers";

describe("http: jobs [M:jobmgmt, M:job-list, M:job-get]", () => {
  // Time moves only when the test says so: no race with a slow machine.
  const clock = new ManualClock(Date.now());
  let t: TestSim;
  before(async () => { t = await startTestSim({ jobLatencyMs: 200, clock }); });
  after(async () => { await t.close(); });
  const finish = () => clock.advance(200);

  it("[M:job-get] Queued -> Running -> Success with times, resource_href_list and operation_list", async () => {
    const r = await t.a.request("POST", "/volume", { name: "jobvol", capacity: 100, tpp_id: 0 });
    const q = (await t.a.request("GET", `/job/${r.body.job_id}`)).body;
    assert.equal(q.status, "Queued");
    assert.match(q.created_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    clock.advance(110);
    assert.equal((await t.a.request("GET", `/job/${r.body.job_id}`)).body.status, "Running");
    clock.advance(90);
    const done = await t.a.waitJob(r.body.job_id);
    assert.equal(done.status, "Success");
    assert.match(done.description, /^POST \/api\/v1\/volume /);
    assert.equal(done.operation_list[0].result, "Succeeded");
    assert.match(done.operation_list[0].operation, /^create volume/);
    assert.equal(done.resource_href_list.length, 1);
  });

  it("[M:job-get] another user's job answers 404; GET /job lists only the caller's jobs", async () => {
    await t.a.request("POST", "/sim/v1/users", { user_name: "other", password: "pw" });
    const other = new SimRest(t.a.array);
    assert.equal((await other.tryLogin({ user: "other", password: "pw" })).status, 200);
    const r = await t.a.request("POST", "/volume", { name: "mine", capacity: 100, tpp_id: 0 });
    assert.equal((await other.request("GET", `/job/${r.body.job_id}`)).status, 404);
    assert.equal((await other.request("GET", "/job")).body.total_count, 0);
    const mine = (await t.a.request("GET", `/job?job_id=${r.body.job_id}&fields=status`)).body;
    assert.equal(mine.total_count, 1);
    assert.deepEqual(Object.keys(mine.job_list[0]).sort(), ["job_id", "status"]);
    finish();
    await t.a.waitJob(r.body.job_id);
    assert.equal((await t.a.request("GET", "/job?status=Success")).body.job_list.every((j: { status: string }) => j.status === "Success"), true);
  });

  it("docs/unverified-points.md#row-7-job-deletion: DELETE /job {job_id_list} answers 200 directly; 409 while running; 404 when unknown", async () => {
    const r = await t.a.request("POST", "/volume", { name: "deljob", capacity: 100, tpp_id: 0 });
    const running = await t.a.request("DELETE", "/job", { job_id_list: [r.body.job_id] });
    assert.equal(running.status, 409);
    finish();
    await t.a.waitJob(r.body.job_id);
    assert.equal((await t.a.request("DELETE", "/job", { job_id_list: [r.body.job_id] })).status, 200);
    assert.equal((await t.a.request("GET", `/job/${r.body.job_id}`)).status, 404);
    assert.equal((await t.a.request("DELETE", "/job", { job_id_list: [r.body.job_id] })).status, 404);
  });

  it("[M:job-list] paging with max_records and next_href", async () => {
    const p = (await t.a.request("GET", "/job?max_records=1")).body;
    assert.equal(p.list_count, 1);
    assert.ok(p.total_count > 1);
    assert.match(p.next_href, /^\/api\/v1\/job\?max_records=1&last_get_id=\d+$/);
  });
});

describe("http: 512 registered jobs [M:jobmgmt]", () => {
  it("[M:jobmgmt] beyond 512 registered jobs every request answers 503 until jobs are deleted", async () => {
    const t = await startTestSim({ jobLatencyMs: 0 });
    try {
      const ids: number[] = [];
      for (let i = 0; i < 512; i++) {
        const r = await t.a.request("PATCH", "/volume/100000", { new_name: `n${i % 2}` });
        assert.equal(r.status, 202);
        ids.push(r.body.job_id);
      }
      assert.equal((await t.a.request("GET", "/volume")).status, 503);
      assert.equal((await t.a.request("PATCH", "/volume/100000", { new_name: "z" })).status, 503);
      assert.equal((await t.b.request("GET", "/volume")).status, 200, "per array");
      assert.equal((await t.a.request("GET", `/job/${ids[0]}`)).status, 200, "jobs stay readable");
      assert.equal((await t.a.request("DELETE", "/job", { job_id_list: ids.slice(0, 10) })).status, 200);
      assert.equal((await t.a.request("GET", "/volume")).status, 200);
    } finally {
      await t.close();
    }
  });
});
