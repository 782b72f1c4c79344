/**
 * provider/client/job-records.ts and the job-limit step (pipeline/job-limit.ts), issue 16: a finished job's
 * record is deleted when its job ends (only records that end together share a DELETE /job); at the
 * 512-job limit the client deletes its own records, re-sends once, then fails with ERR_JOB_LIMIT.
 * Behaviour change (intended): records are no longer held in batches of 16 until close.
 */
import { strict as assert } from "node:assert";
import { MAX_REGISTERED_JOBS } from "../../../provider/api/dialect";
import type { ApiRequest } from "../../../provider/api/request";
import { ArrayDialect } from "../../../provider/client/array-dialect";
import { createEternusClient, type EternusRestClient } from "../../../provider/client/eternus-client";
import { EternusApiError } from "../../../provider/client/errors";
import { JobRecords } from "../../../provider/client/job-records";
import { startSimulator, type SimulatorHandle } from "../../../simulator";
import { createJob } from "../../../simulator/model/jobs";
import { ManualRuntime } from "../../helpers/manual-runtime";
import { SimRest } from "../../helpers/sim-rest";
import { fakeRuntime } from "./helpers/fake-runtime";
import { LOGIN, ScriptedTransport, accepted, job, jobDeleted, loginOk, scriptedClient } from "./helpers/scripted-transport";

const defaultDialect = () => new ArrayDialect({ arrayName: "a", origin: "http://a", log: () => undefined });

/** A send that records DELETE /job bodies and answers 404 for ids in `gone`. */
function recorder(gone: number[] = [], failWith?: number) {
  const bodies: number[][] = [];
  const send = async (req: ApiRequest) => {
    const ids = (req.body as { job_id_list: number[] }).job_id_list;
    bodies.push(ids);
    if (failWith) throw new EternusApiError({ arrayName: "a", method: req.method, path: req.path, status: failWith });
    if (ids.some((id) => gone.includes(id))) throw new EternusApiError({ arrayName: "a", method: req.method, path: req.path, status: 404 });
    return { status: 200, data: {} };
  };
  return { bodies, send };
}

describe("client/job-records", () => {
  it("a record is deleted when its job ends; records that end together share one DELETE /job", async () => {
    const r = recorder();
    const records = new JobRecords({ arrayName: "a", runtime: fakeRuntime(), send: r.send, dialect: defaultDialect() });
    await records.release(1);
    assert.deepEqual(r.bodies, [[1]], "nothing waits for a batch to fill");
    await Promise.all([records.release(2), records.release(3)]);
    assert.deepEqual(r.bodies, [[1], [2, 3]]);
    assert.deepEqual(records.pending, []);
  });

  it("a 404 for the list (one id already gone, all-or-nothing) falls back to one id at a time", async () => {
    const r = recorder([2]);
    const records = new JobRecords({ arrayName: "a", runtime: fakeRuntime(), send: r.send, dialect: defaultDialect() });
    await Promise.all([1, 2, 3].map((id) => records.release(id)));
    assert.deepEqual(r.bodies, [[1, 2, 3], [1], [2], [3]]);
    assert.deepEqual(records.pending, []);
  });

  it("other failures are logged and kept as leftovers for flush, never thrown", async () => {
    const r = recorder([], 500);
    const rt = fakeRuntime();
    const records = new JobRecords({ arrayName: "a", runtime: rt, send: r.send, dialect: defaultDialect() });
    await Promise.all([records.release(7), records.release(8)]);
    assert.deepEqual(records.pending, [7, 8]);
    assert.ok(rt.lines.some((l) => /could not delete job records 7, 8/.test(l)));
    assert.deepEqual(await records.flush(), [7, 8], "still failing: still left");
    assert.deepEqual(r.bodies, [[7, 8], [7, 8]]);
  });

  it("the client deletes each job's record right after the job, before the call returns", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()],
      ["PATCH /api/v1/volume/5", accepted(41)], ["GET /api/v1/job/41", job(41, "Success")], ["DELETE /api/v1/job", jobDeleted],
      ["PATCH /api/v1/volume/6", accepted(42)], ["GET /api/v1/job/42", job(42, "Error")], ["DELETE /api/v1/job", jobDeleted],
      ["DELETE /api/v1/session/7", { status: 200, body: {} }],
    ]);
    const c = scriptedClient(t, fakeRuntime());
    await c.renameVolume(5, "a");
    assert.deepEqual(t.log[3]!.body, { job_id_list: [41] });
    await assert.rejects(c.renameVolume(6, "b"));
    assert.deepEqual(t.log[6]!.body, { job_id_list: [42] });
    await c.close();
    assert.deepEqual(t.pending, []);
  });
});

describe("client/job-records at the 512-job limit (simulator, manual clock)", function () {
  this.timeout(60_000);
  const PASSWORD = "root-pw-4711";
  let sim: SimulatorHandle;
  let rt: ManualRuntime;
  let client: EternusRestClient;
  let requests: string[];
  const array = () => sim.world.array("site-a");
  /** Records of another user of the array (the client may never touch them). */
  const otherUsersJobs = (n: number) => { for (let i = 0; i < n; i++) createJob(sim.world, array(), "backup-admin", { description: "other" }); };
  const ourRecords = () => [...array().jobs.values()].filter((j) => j.user === "root").length;

  beforeEach(async () => {
    rt = new ManualRuntime();
    sim = await startSimulator({ http: true, arrays: ["site-a"], password: PASSWORD, jobLatencyMs: 50, log: () => undefined, clock: rt.clock });
    requests = [];
    client = createEternusClient({ name: "site-a", endpoint: sim.arrays[0]!.url, username: "root", password: PASSWORD, allowHttp: true },
      { sleep: rt.sleep, now: rt.now, random: rt.random, log: rt.log, timeout: rt.timeout, onRequest: (e) => requests.push(`${e.method} ${e.path} ${e.status}`) });
  });
  afterEach(async () => { await client.close(); await sim.close(); });

  it("with another user's 506 records, 20 changes in a row succeed: each record is gone when its call returns", async () => {
    otherUsersJobs(506);
    for (let i = 0; i < 20; i++) {
      await client.renameVolume(100000, `bv_${i}`);
      assert.equal(ourRecords(), 0, `after change ${i + 1}`);
    }
    assert.equal(array().jobs.size, 506, "the other user's records are untouched");
    assert.ok(!requests.some((r) => / 503$/.test(r)), "never met the limit (16 held records would have)");
  });

  it("at the limit because of a record of ours (a lost answer), the client deletes it and the request succeeds", async () => {
    const root = new SimRest(sim.arrays[0]!, { user: "root", password: PASSWORD });
    await root.withLogin((c) => c.admin("POST", "/faults/drop-response", { count: 1, method: "PATCH", path_prefix: "/api/v1/volume/100000" }));
    await root.close();
    await assert.rejects(client.renameVolume(100000, "renamed"), (e: EternusApiError) => e.code === "ERR_LOST_RESPONSE");
    assert.equal(ourRecords(), 1, "the lost request's job record is ours, but its id is unknown");
    rt.advance(1_000); // the job ends
    otherUsersJobs(MAX_REGISTERED_JOBS - 1);
    const sys = await client.getStorageSystem();
    assert.ok(sys.boxid);
    assert.equal(ourRecords(), 0, "our record was found and deleted");
    assert.equal(array().jobs.size, MAX_REGISTERED_JOBS - 1, "only ours");
    assert.equal(requests.filter((r) => r.startsWith("GET /api/v1/storagesystem")).length, 2, "one re-send after the release");
  });

  it("at the limit with only other users' records: ERR_JOB_LIMIT naming the limit, after one re-send, never a loop", async () => {
    otherUsersJobs(MAX_REGISTERED_JOBS);
    const started = rt.now();
    await assert.rejects(client.getStorageSystem(), (e: EternusApiError) => {
      assert.equal(e.code, "ERR_JOB_LIMIT");
      assert.match(e.message, /limit of 512 registered job records/);
      return true;
    });
    assert.deepEqual(requests.filter((r) => r.includes("storagesystem")), ["GET /api/v1/storagesystem 503", "GET /api/v1/storagesystem 503"]);
    assert.equal(rt.now() - started, 0, "no backoff: the limit is not a busy array");
    assert.equal(array().jobs.size, MAX_REGISTERED_JOBS, "nothing of another user was deleted");
  });
});
