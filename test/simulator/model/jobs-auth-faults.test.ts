import * as assert from "node:assert/strict";
import { authenticate, expireAllTokens, loginWithPassword, loginWithRefreshToken } from "../../../simulator/model/auth";
import { Busy, Conflict, NotFound, Unauthorized } from "../../../simulator/model/errors";
import { pruneFaults, takeDrop, takeUnavailable } from "../../../simulator/model/faults";
import { createJob, deleteJobs, getJob, jobStatus, jobsFull, renderJob } from "../../../simulator/model/jobs";
import { fixture } from "./world-fixture";

describe("model/jobs [M:jobmgmt, M:job-get, M:job-list]", () => {
  it("[M:job-get] Queued, then Running, then the outcome, by job latency", () => {
    const f = fixture({ jobLatencyMs: 100 });
    const j = createJob(f.world, f.a, "root", { description: "x" });
    assert.equal(jobStatus(j, f.clock.now()), "Queued");
    f.clock.advance(60);
    assert.equal(jobStatus(j, f.clock.now()), "Running");
    f.clock.advance(40);
    assert.equal(jobStatus(j, f.clock.now()), "Success");
    assert.equal(renderJob(j, f.clock.now()).job_href, `/api/v1/job/${j.id}`);
  });

  it("[M:job-get] another user's job answers 404", () => {
    const f = fixture();
    const j = createJob(f.world, f.a, "root", { description: "x" });
    assert.throws(() => getJob(f.a, "other", j.id, f.clock.now()), NotFound);
  });

  it("[M:job-list] a job is kept 30 min after it ended (docs/unverified-points.md#row-9-job-retention)", () => {
    const f = fixture();
    const j = createJob(f.world, f.a, "root", { description: "x", outcome: "Partial_Error" });
    f.clock.advance(30 * 60 * 1000);
    getJob(f.a, "root", j.id, f.clock.now());
    f.clock.advance(200);
    assert.throws(() => getJob(f.a, "root", j.id, f.clock.now()), NotFound);
  });

  it("[M:jobmgmt] 512 registered jobs, then 503; DELETE /job frees them (docs/unverified-points.md#row-7-job-deletion)", () => {
    const f = fixture({ jobLatencyMs: 0 });
    const ids = Array.from({ length: 512 }, () => createJob(f.world, f.a, "root", { description: "x" }).id);
    assert.equal(jobsFull(f.a, f.clock.now()), true);
    assert.throws(() => createJob(f.world, f.a, "root", { description: "x" }), Busy);
    deleteJobs(f.a, "root", ids.slice(0, 1), f.clock.now());
    assert.equal(jobsFull(f.a, f.clock.now()), false);
  });

  it("docs/unverified-points.md#row-7-job-deletion: deleting a job that has not finished is 409", () => {
    const f = fixture({ jobLatencyMs: 1000 });
    const j = createJob(f.world, f.a, "root", { description: "x" });
    assert.throws(() => deleteJobs(f.a, "root", [j.id], f.clock.now()), Conflict);
  });
});

describe("model/auth [M:session-post, M:login]", () => {
  it("[M:login] the token expires after its lifetime and is not extended by use", async () => {
    const f = fixture({ tokenLifetimeSeconds: 10 });
    const r = await loginWithPassword(f.world, f.a, "root", "root", false);
    f.clock.advance(9000);
    authenticate(f.world, f.a, r.token);
    f.clock.advance(1000);
    assert.throws(() => authenticate(f.world, f.a, r.token), Unauthorized);
  });

  it("[M:session-post] a refresh token gives a new token; the old one stops working", async () => {
    const f = fixture();
    const r = await loginWithPassword(f.world, f.a, "root", "root", true);
    const r2 = loginWithRefreshToken(f.world, f.a, r.refresh_token!);
    assert.equal(r2.session_id, r.session_id);
    assert.throws(() => authenticate(f.world, f.a, r.token), Unauthorized);
    authenticate(f.world, f.a, r2.token);
  });

  it("[M:session-post] wrong password is 401; docs/unverified-points.md#row-20-rest-sessions: 17th session is 503", async () => {
    const f = fixture();
    await assert.rejects(loginWithPassword(f.world, f.a, "root", "bad", false), Unauthorized);
    for (let i = 0; i < 16; i++) await loginWithPassword(f.world, f.a, "root", "root", false);
    await assert.rejects(loginWithPassword(f.world, f.a, "root", "root", false), Busy);
  });

  it("admin: expiring all tokens makes tokens and refresh tokens fail", async () => {
    const f = fixture();
    const r = await loginWithPassword(f.world, f.a, "root", "root", true);
    expireAllTokens(f.world, f.a);
    assert.throws(() => authenticate(f.world, f.a, r.token), Unauthorized);
    assert.throws(() => loginWithRefreshToken(f.world, f.a, r.refresh_token!), Unauthorized);
  });
});

describe("model/faults: rules as data", () => {
  it("counted 503s are consumed; probability uses the injected random", () => {
    const f = fixture();
    f.a.faults.push({ kind: "unavailable", remaining: 2 });
    assert.deepEqual([1, 2, 3].map(() => takeUnavailable(f.a, 0, () => 0.99)), [true, true, false]);
    pruneFaults(f.a, 0);
    f.a.faults.push({ kind: "unavailable", probability: 0.5, until: 100 });
    assert.equal(takeUnavailable(f.a, 0, () => 0.4), true);
    assert.equal(takeUnavailable(f.a, 0, () => 0.6), false);
    assert.equal(takeUnavailable(f.a, 100, () => 0.1), false, "expired by duration");
  });

  it("drop rules match method and path prefix (at segment boundaries, no pattern)", () => {
    const f = fixture();
    f.a.faults.push({ kind: "drop", remaining: 1, method: "POST", pathPrefix: "/api/v1/copysession" });
    assert.equal(takeDrop(f.a, { method: "GET", path: "/api/v1/copysession/0" }), false);
    assert.equal(takeDrop(f.a, { method: "POST", path: "/api/v1/copysessions" }), false, "not a segment of the prefix");
    assert.equal(takeDrop(f.a, { method: "POST", path: "/api/v1/copysession/rec" }), true);
    assert.equal(takeDrop(f.a, { method: "POST", path: "/api/v1/copysession/rec" }), false);
  });
});
