/** provider/api/copy-sessions.ts: the builders follow the array's dialect; the default is today's request. */
import { strict as assert } from "node:assert";
import { createRecSession, deleteCopySession, suspendCopySession } from "../../../provider/api/copy-sessions";
import { DEFAULT_DIALECT, Dialect } from "../../../provider/api/dialect";

const pair = { sourceVolumeId: 1, destinationVolumeId: 2, sourceBoxId: "A".repeat(40), destinationBoxId: "B".repeat(40) };
const documented = { source_volume_id: 1, destination_volume_id: 2, source_boxid: "A".repeat(40), destination_boxid: "B".repeat(40) };
const dialect = (o: Partial<Dialect>): Dialect => ({ ...DEFAULT_DIALECT, ...o });

describe("api/copy-sessions builders and the dialect", () => {
  it("suspend and delete: default forced body, no body when not forced", () => {
    assert.deepEqual(suspendCopySession(5, true), { method: "POST", path: "/api/v1/copysession/5/suspend", body: { is_forced: true }, idempotent: false });
    assert.deepEqual(suspendCopySession(5, false), { method: "POST", path: "/api/v1/copysession/5/suspend", idempotent: false });
    assert.deepEqual(deleteCopySession(5, true), { method: "DELETE", path: "/api/v1/copysession/5", body: { is_forced: true }, idempotent: false });
    assert.equal("body" in deleteCopySession(5, false), false);
  });

  it("a query form puts the flag in the query and sends no body", () => {
    const s = suspendCopySession(5, true, dialect({ forcedSuspend: "query:forced" }));
    assert.equal(s.path, "/api/v1/copysession/5/suspend?forced=true");
    assert.equal(s.body, undefined);
    const d = deleteCopySession(6, true, dialect({ forcedDelete: "query:is_forced" }));
    assert.equal(d.path, "/api/v1/copysession/6?is_forced=true");
    assert.equal(d.body, undefined);
    assert.equal(deleteCopySession(6, false, dialect({ forcedDelete: "query:is_forced" })).path, "/api/v1/copysession/6");
  });

  it("rows 1 and 2 are pinned separately", () => {
    const d = dialect({ forcedSuspend: "body:force" });
    assert.deepEqual(suspendCopySession(1, true, d).body, { force: true });
    assert.deepEqual(deleteCopySession(1, true, d).body, { is_forced: true });
  });

  it("REC create: extras by default; documented fields only when the dialect or the caller says so", () => {
    assert.deepEqual(createRecSession({ ...pair, transferMode: "Synchronous" }).body,
      { ...documented, transfer_mode: "Synchronous", split_mode: "Automatic", recovery_mode: "Automatic" });
    assert.deepEqual(createRecSession({ ...pair, transferMode: "Consistency", recoveryMode: "Manual" }).body,
      { ...documented, transfer_mode: "Consistency", recovery_mode: "Manual" });
    assert.deepEqual(createRecSession({ ...pair, transferMode: "Synchronous", splitMode: "Manual" }, dialect({ recCreate: "documented-only" })).body,
      { ...documented, transfer_mode: "Synchronous" });
  });
});
