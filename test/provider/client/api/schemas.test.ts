/**
 * Reply schemas of provider/api/*.ts: unknown fields kept, null = absent, ids as digit strings, enumerations
 * as any string (values the simulator never sends pass), and issue texts without input values.
 */
import { strict as assert } from "node:assert";
import { copySessionSchema, volumeCopySessionsSchema } from "../../../../provider/api/copy-sessions";
import { jobSchema } from "../../../../provider/api/jobs";
import { describeIssues } from "../../../../provider/api/schema-kit";
import { loginReplySchema } from "../../../../provider/api/session";
import { volumeListPageSchema } from "../../../../provider/api/volumes";

describe("api reply schemas", () => {
  it("copy session: digit-string ids, numeric error_code as string, null as absent, unknown fields and statuses kept", () => {
    const s = copySessionSchema().parse({
      copysession_id: "12", status: "Error_Suspend", phase: "No_Pair", error_code: 177, remote_copysession_id: "3",
      progress: "30.5", transfer_mode: null, backup_time: "2026-12-01T00:00:00Z", error_ocurrence_time: null,
    });
    assert.equal(s.copysession_id, 12);
    assert.equal(s.status, "Error_Suspend");
    assert.equal(s.phase, "No_Pair");
    assert.equal(s.error_code, "177");
    assert.equal(s.remote_copysession_id, 3);
    assert.equal(s.progress, 30.5);
    assert.equal("transfer_mode" in s, false);
    assert.equal(s.backup_time, "2026-12-01T00:00:00Z");
  });

  it("copy session: an id that is not an integer fails", () => {
    assert.equal(copySessionSchema().safeParse({ copysession_id: "12a" }).success, false);
    assert.equal(copySessionSchema().safeParse({}).success, false);
  });

  it("volume copy sessions: a missing or null backup_volume_list reads as []", () => {
    assert.deepEqual(volumeCopySessionsSchema().parse({}).backup_volume_list, []);
    assert.deepEqual(volumeCopySessionsSchema().parse({ backup_volume_list: null }).backup_volume_list, []);
  });

  it("job: result lists default to [], status any string", () => {
    const j = jobSchema().parse({ job_id: "8192001", status: "PARTIAL_ERROR" });
    assert.equal(j.job_id, 8192001);
    assert.deepEqual([j.resource_href_list, j.failed_resource_info_list], [[], []]);
  });

  it("list page: items, next_href (an empty one reads as absent), total_count", () => {
    const p = volumeListPageSchema().parse({ total_count: "2", volume_list: [{ volume_id: 1, name: "a", capacity: 25 }], next_href: "" });
    assert.deepEqual(p, { items: [{ volume_id: 1, name: "a", capacity: 25 }], totalCount: 2 });
    assert.deepEqual(volumeListPageSchema().parse({}).items, []);
  });

  it("describeIssues never prints input values (a login reply holds a token)", () => {
    const r = loginReplySchema().safeParse({ session_id: 1, token: 12345678, refresh_token: "rt-SECRET" });
    assert.equal(r.success, false);
    const text = describeIssues(r.error!);
    assert.match(text, /token/);
    assert.doesNotMatch(text, /12345678|rt-SECRET/);
  });
});
