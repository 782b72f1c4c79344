/** provider/api/jobs.ts: DELETE /job in the array's form (docs/unverified-points.md row 7). */
import { strict as assert } from "node:assert";
import { DEFAULT_DIALECT } from "../../../provider/api/dialect";
import { deleteJobs } from "../../../provider/api/jobs";

describe("api/jobs deleteJobs and the dialect", () => {
  it("default: a job_id_list body, idempotent, labelled", () => {
    assert.deepEqual(deleteJobs([1, 2]), { method: "DELETE", path: "/api/v1/job", body: { job_id_list: [1, 2] }, idempotent: true, label: "job-cleanup" });
  });
  it("query form: ids comma-separated in the query, no body", () => {
    const r = deleteJobs([1, 2], { ...DEFAULT_DIALECT, jobDelete: "query:job_id" });
    assert.equal(r.path, "/api/v1/job?job_id=1,2");
    assert.equal(r.body, undefined);
    assert.equal(r.idempotent, true);
  });
});
