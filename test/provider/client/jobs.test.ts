/**
 * provider/client/jobs.ts through a mutating client call: poll with backoff on the fake clock, delete the
 * job record, failed jobs, 404 after seen = expired, 404 never seen = not visible, tolerant status spellings.
 */
import { strict as assert } from "node:assert";
import { EternusJobError, EternusOutcomeUnknownError, EternusTimeoutError } from "../../../provider/client/errors";
import { resourceIds } from "../../../provider/client/jobs";
import { fakeRuntime } from "./helpers/fake-runtime";
import { LOGIN, ScriptedTransport, accepted, job, jobDeleted, loginOk, scriptedClient } from "./helpers/scripted-transport";

const RENAME = "PATCH /api/v1/volume/5";
const JOB = "GET /api/v1/job/42";
const DEL_JOB = "DELETE /api/v1/job";

describe("client/jobs", () => {
  it("first polls after the first interval (a job is never done the moment it is accepted), then with backoff 100, 150, 225 ms until terminal, then deletes the job record with job_id_list", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()], [RENAME, accepted(42)],
      [JOB, job(42, "Queued")], [JOB, job(42, "Running")], [JOB, job(42, "Running")], [JOB, job(42, "Success")],
      [DEL_JOB, jobDeleted],
    ]);
    const rt = fakeRuntime();
    await scriptedClient(t, rt).renameVolume(5, "new_name");
    assert.deepEqual(t.pending, []);
    assert.deepEqual(t.log[1]!.body, { new_name: "new_name" });
    assert.deepEqual(t.log[6]!.body, { job_id_list: [42] });
    assert.deepEqual(rt.sleeps, [100, 100, 150, 225]);
  });

  it("the next job's first poll waits for 90% of the last one's time on this array: one poll, not four", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()], [RENAME, accepted(42)],
      [JOB, job(42, "Queued")], [JOB, job(42, "Running")], [JOB, job(42, "Running")], [JOB, job(42, "Success")], [DEL_JOB, jobDeleted],
      [RENAME, accepted(42)], [JOB, job(42, "Success")], [DEL_JOB, jobDeleted],
    ]);
    const rt = fakeRuntime();
    const c = scriptedClient(t, rt);
    await c.renameVolume(5, "a");
    await c.renameVolume(5, "b");
    assert.deepEqual(t.pending, []);
    assert.deepEqual(rt.sleeps, [100, 100, 150, 225, Math.floor(575 * 0.9)]);
  });

  it("a learned wait that falls short polls on with the usual backoff, and learns the longer time", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()], [RENAME, accepted(42)], [JOB, job(42, "Running")], [JOB, job(42, "Success")], [DEL_JOB, jobDeleted],
      [RENAME, accepted(42)], [JOB, job(42, "Running")], [JOB, job(42, "Running")], [JOB, job(42, "Success")], [DEL_JOB, jobDeleted],
      [RENAME, accepted(42)], [JOB, job(42, "Success")], [DEL_JOB, jobDeleted],
    ]);
    const rt = fakeRuntime();
    const c = scriptedClient(t, rt);
    await c.renameVolume(5, "a");
    await c.renameVolume(5, "b");
    await c.renameVolume(5, "c");
    assert.deepEqual(t.pending, []);
    // job 1: 100 + 100 = 200 ms -> learn 180; job 2: 180 + 100 + 150 = 430 -> learn 387; job 3: one poll after 387.
    assert.deepEqual(rt.sleeps, [100, 100, 180, 100, 150, 387]);
  });

  it("the interval is capped (2 s)", async () => {
    const steps: Array<[string, ReturnType<typeof job>]> = [];
    for (let i = 0; i < 12; i++) steps.push([JOB, job(42, "Running")]);
    const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, accepted(42)], ...steps, [JOB, job(42, "Success")], [DEL_JOB, jobDeleted]]);
    const rt = fakeRuntime();
    await scriptedClient(t, rt).renameVolume(5, "x");
    assert.equal(Math.max(...rt.sleeps), 2_000);
    assert.equal(rt.sleeps.at(-1), 2_000);
  });

  for (const spelling of ["SUCCESS", "success", "Success"]) {
    it(`status "${spelling}" is Success`, async () => {
      const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, accepted(42)], [JOB, job(42, spelling)], [DEL_JOB, jobDeleted]]);
      await scriptedClient(t, fakeRuntime()).renameVolume(5, "x");
      assert.deepEqual(t.pending, []);
    });
  }

  for (const spelling of ["Error", "Partial_Error", "PARTIAL ERROR", "partialerror", "Canceled", "Cancelled"]) {
    it(`status "${spelling}" ends the wait and throws EternusJobError; the record is still deleted`, async () => {
      const failed = [{ resource_href: "/api/v1/volume/5", error_code: 19, message: "In use" }];
      const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, accepted(42)], [JOB, job(42, spelling, { failed_resource_info_list: failed })], [DEL_JOB, jobDeleted]]);
      await assert.rejects(scriptedClient(t, fakeRuntime()).renameVolume(5, "x"), (e: unknown) => {
        assert.ok(e instanceof EternusJobError);
        assert.equal(e.code, "ERR_JOB_FAILED");
        assert.equal(e.jobStatus, spelling);
        assert.deepEqual(e.failedResources, [{ resource_href: "/api/v1/volume/5", error_code: "19", message: "In use" }]);
        assert.match(e.message, /PATCH \/api\/v1\/volume\/5 on array tokyo: job 42 ended .*: \/api\/v1\/volume\/5: In use \(error_code 19\)/);
        return true;
      });
      assert.deepEqual(t.pending, []);
    });
  }

  it("an unknown status (e.g. 'Pending') is not terminal", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, accepted(42)], [JOB, job(42, "Pending")], [JOB, job(42, "Success")], [DEL_JOB, jobDeleted]]);
    await scriptedClient(t, fakeRuntime()).renameVolume(5, "x");
    assert.deepEqual(t.pending, []);
  });

  it("404 on a job already seen: outcome unknown (expired), no DELETE /job", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, accepted(42)], [JOB, job(42, "Running")], [JOB, { status: 404 }]]);
    await assert.rejects(scriptedClient(t, fakeRuntime()).renameVolume(5, "x"), (e: unknown) => {
      assert.ok(e instanceof EternusOutcomeUnknownError);
      assert.equal(e.code, "ERR_LOST_RESPONSE");
      assert.equal(e.reason, "job-expired");
      assert.equal(e.jobId, 42);
      assert.match(e.message, /PATCH \/api\/v1\/volume\/5 on array tokyo: outcome unknown: job 42 disappeared/);
      return true;
    });
    assert.deepEqual(t.pending, []);
  });

  it("404 on a job never seen: outcome unknown (not visible to this user)", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, accepted(42)], [JOB, { status: 404 }]]);
    await assert.rejects(scriptedClient(t, fakeRuntime()).renameVolume(5, "x"), (e: EternusOutcomeUnknownError) => e.reason === "job-not-found");
  });

  it("a 503 while polling is retried inside the poll", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, accepted(42)], [JOB, { status: 503 }], [JOB, job(42, "Success")], [DEL_JOB, jobDeleted]]);
    const rt = fakeRuntime();
    await scriptedClient(t, rt).renameVolume(5, "x");
    assert.deepEqual(t.pending, []);
  });

  it("a job that never ends: EternusTimeoutError after the poll bound, record left to expire", async () => {
    const steps: Array<[string, ReturnType<typeof job>]> = [];
    for (let i = 0; i < 10; i++) steps.push([JOB, job(42, "Running")]);
    const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, accepted(42)], ...steps]);
    const rt = fakeRuntime();
    const c = scriptedClient(t, rt, { jobPoll: { timeoutMs: 1_000 } });
    await assert.rejects(c.renameVolume(5, "x"), (e: unknown) => {
      assert.ok(e instanceof EternusTimeoutError);
      assert.match(e.message, /job 42 of PATCH \/api\/v1\/volume\/5 on array tokyo \(last state: status Running\); the job record is left/);
      return true;
    });
    assert.ok(!t.lines.includes(DEL_JOB));
    assert.equal(rt.sleeps.reduce((a, b) => a + b, 0), 1_000, "sleeps stop at the bound");
  });

  it("a failed DELETE /job is logged, not thrown (the array expires the record)", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, accepted(42)], [JOB, job(42, "Success")], [DEL_JOB, { status: 409 }]]);
    const rt = fakeRuntime();
    await scriptedClient(t, rt).renameVolume(5, "x");
    assert.ok(rt.lines.some((l) => /could not delete job record 42/.test(l)));
  });

  it("a 202 without a job id is a bad response", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], [RENAME, { status: 202, body: { job: "x" } }]]);
    await assert.rejects(scriptedClient(t, fakeRuntime()).renameVolume(5, "x"), (e: { code?: string }) => e.code === "ERR_BAD_RESPONSE");
  });

  it("resourceIds reads ids of one kind from resource_href_list", () => {
    const j = { job_id: 1, status: "Success", resource_href_list: ["/api/v1/volume/100001", "/api/v1/copysession/3/", "/api/v1/volume/x"],
      progress_href_list: [], succeeded_resource_href_list: [], failed_resource_info_list: [], operation_list: [] };
    assert.deepEqual(resourceIds(j, "volume"), [100001]);
    assert.deepEqual(resourceIds(j, "copysession"), [3]);
  });
});
