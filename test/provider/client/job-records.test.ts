/** provider/client/job-records.ts: finished job records deleted in batches, and flushed before logout. */
import { strict as assert } from "node:assert";
import type { ApiRequest } from "../../../provider/api/request";
import { EternusApiError } from "../../../provider/client/errors";
import { JobRecordBatch } from "../../../provider/client/job-records";
import { fakeRuntime } from "./helpers/fake-runtime";
import { LOGIN, ScriptedTransport, accepted, job, jobDeleted, loginOk, scriptedClient } from "./helpers/scripted-transport";

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
  it("queues ids and deletes a full batch in one DELETE /job", async () => {
    const r = recorder();
    const b = new JobRecordBatch({ arrayName: "a", runtime: fakeRuntime(), send: r.send }, 3);
    await b.add(1);
    await b.add(2);
    assert.deepEqual(r.bodies, []);
    await b.add(3);
    assert.deepEqual(r.bodies, [[1, 2, 3]]);
    assert.deepEqual(b.pending, []);
  });

  it("flush sends the rest in chunks of the batch size", async () => {
    const r = recorder();
    const b = new JobRecordBatch({ arrayName: "a", runtime: fakeRuntime(), send: r.send }, 100);
    for (let i = 1; i <= 5; i++) await b.add(i);
    assert.deepEqual(await b.flush(), []);
    assert.deepEqual(r.bodies, [[1, 2, 3, 4, 5]]);
    assert.deepEqual(await b.flush(), [], "nothing left: no request");
    assert.equal(r.bodies.length, 1);
  });

  it("a 404 for the batch (one id already gone, all-or-nothing) falls back to one id at a time", async () => {
    const r = recorder([2]);
    const b = new JobRecordBatch({ arrayName: "a", runtime: fakeRuntime(), send: r.send }, 10);
    for (const id of [1, 2, 3]) await b.add(id);
    assert.deepEqual(await b.flush(), []);
    assert.deepEqual(r.bodies, [[1, 2, 3], [1], [2], [3]]);
  });

  it("other failures are logged with the ids and returned, never thrown", async () => {
    const r = recorder([], 500);
    const rt = fakeRuntime();
    const b = new JobRecordBatch({ arrayName: "a", runtime: rt, send: r.send }, 10);
    await b.add(7);
    await b.add(8);
    assert.deepEqual(await b.flush(), [7, 8]);
    assert.ok(rt.lines.some((l) => /could not delete job records 7, 8/.test(l)));
  });

  it("the client (default batching) deletes the records of several jobs in one request, before logout", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()],
      ["PATCH /api/v1/volume/5", accepted(41)], ["GET /api/v1/job/41", job(41, "Success")],
      ["PATCH /api/v1/volume/6", accepted(42)], ["GET /api/v1/job/42", job(42, "Error")],
      ["DELETE /api/v1/job", jobDeleted], ["DELETE /api/v1/session/7", { status: 200, body: {} }],
    ]);
    const c = scriptedClient(t, fakeRuntime(), { jobRecordBatch: undefined });
    await c.renameVolume(5, "a");
    await assert.rejects(c.renameVolume(6, "b"));
    await c.close();
    assert.deepEqual(t.pending, []);
    assert.deepEqual(t.log[5]!.body, { job_id_list: [41, 42] });
  });
});
