/**
 * provider/client/eternus-client.ts on a scripted transport: what each call sends, read-backs after a job,
 * lost responses (never re-sent), and "already gone" deletes. Request logs are exact.
 */
import { strict as assert } from "node:assert";
import { EternusConfigError, isOutcomeUnknown } from "../../../provider/client/errors";
import { withClientLease } from "../../../provider/client/client-registry";
import { createEternusClient } from "../../../provider/client/eternus-client";
import { fakeRuntime } from "./helpers/fake-runtime";
import { LOGIN, ScriptedTransport, accepted, job, jobDeleted, loginOk, scriptedClient } from "./helpers/scripted-transport";

const BOX_A = "A".repeat(40);
const BOX_B = "b".repeat(40);
const reset = { fail: "reset" as const, causeCode: "UND_ERR_SOCKET", maybeSent: true };
const rec = { sourceVolumeId: 100000, destinationVolumeId: 200001, sourceBoxId: BOX_A, destinationBoxId: BOX_B.toUpperCase(), transferMode: "Synchronous" };

describe("client/eternus-client (scripted)", () => {
  it("refuses a connection without credentials as EternusConfigError naming the keys", () => {
    const t = new ScriptedTransport([]);
    assert.throws(() => createEternusClient({ name: "tokyo", endpoint: "https://a", username: "", password: "" }, { transport: () => t }),
      (e: unknown) => e instanceof EternusConfigError && /eternus:arrays\.tokyo\.username, eternus:arrays\.tokyo\.password/.test((e as Error).message));
  });

  it("getStorageSystem: a recent read answers callers that accept one (maxAgeMs); after that age, or a connection failure, the array is asked again", async () => {
    const SYS = "GET /api/v1/storagesystem";
    const t = new ScriptedTransport([
      [LOGIN, loginOk()], [SYS, { status: 200, body: { boxid: BOX_A } }], [SYS, { status: 200, body: { boxid: BOX_A } }],
      [SYS, { fail: "connect", causeCode: "ECONNRESET", maybeSent: false }], [SYS, { status: 200, body: { boxid: BOX_B } }],
      [SYS, { status: 200, body: { boxid: BOX_B } }],
    ]);
    const rt = fakeRuntime();
    const c = scriptedClient(t, rt);
    assert.equal((await c.getStorageSystem({ maxAgeMs: 30_000 })).boxid, BOX_A);
    assert.equal((await c.getStorageSystem({ maxAgeMs: 30_000 })).boxid, BOX_A, "kept");
    assert.equal((await c.getStorageSystem()).boxid, BOX_A, "no maxAgeMs: always asked");
    rt.advance(31_000);
    assert.equal((await c.getStorageSystem({ maxAgeMs: 30_000 })).boxid, BOX_B, "too old: asked (through a connection failure)");
    assert.equal((await c.getStorageSystem({ maxAgeMs: 30_000 })).boxid, BOX_B, "the failure dropped the copy, the fresh read was kept");
    assert.deepEqual(t.pending, [SYS], "one scripted answer left unasked");
  });

  it("getStorageSystem: overlapping operations share a recent read; an operation that starts when none runs reads afresh", async () => {
    const SYS = "GET /api/v1/storagesystem";
    const t = new ScriptedTransport([[LOGIN, loginOk()], [SYS, { status: 200, body: { boxid: BOX_A } }], [SYS, { status: 200, body: { boxid: BOX_B } }]]);
    const c = scriptedClient(t, fakeRuntime());
    const read = () => c.getStorageSystem({ maxAgeMs: 30_000 }).then((x) => x.boxid);
    let release!: () => void;
    const first = withClientLease(async () => {
      const box = await read();
      await new Promise<void>((r) => (release = r));
      return box;
    })();
    await new Promise((r) => setImmediate(r));
    assert.equal(await withClientLease(read)(), BOX_A, "overlaps the first operation: shares its read");
    release();
    assert.equal(await first, BOX_A);
    assert.equal(await withClientLease(read)(), BOX_B, "a new stretch of operations: asked again");
    assert.deepEqual(t.pending, []);
  });

  it("getSessionInfo: read once per login", async () => {
    const INFO = "GET /api/v1/session/7";
    const t = new ScriptedTransport([[LOGIN, loginOk()], [INFO, { status: 200, body: { session_id: 7, user_name: "root", auth_list: ["Copy_Session_Management"] } }]]);
    const c = scriptedClient(t, fakeRuntime());
    assert.deepEqual((await c.getSessionInfo()).auth_list, ["Copy_Session_Management"]);
    assert.deepEqual((await c.getSessionInfo()).auth_list, ["Copy_Session_Management"]);
    assert.deepEqual(t.lines, [LOGIN, INFO]);
  });

  it("createRecSession: one POST with the dialect body, id from the job's resource_href_list", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()], ["POST /api/v1/copysession/rec", accepted(9)],
      ["GET /api/v1/job/9", job(9, "Success", { resource_href_list: ["/api/v1/copysession/12"] })], ["DELETE /api/v1/job", jobDeleted],
    ]);
    assert.equal(await scriptedClient(t, fakeRuntime()).createRecSession(rec), 12);
    assert.deepEqual(t.log[1]!.body, {
      source_volume_id: 100000, destination_volume_id: 200001, source_boxid: BOX_A, destination_boxid: BOX_B.toUpperCase(),
      transfer_mode: "Synchronous", split_mode: "Automatic", recovery_mode: "Automatic",
    });
  });

  it("createRecSession: split_mode only for Synchronous (also spelled 'SYNCHRONOUS')", async () => {
    for (const [mode, hasSplit] of [["Consistency", false], ["SYNCHRONOUS", true]] as const) {
      const t = new ScriptedTransport([
        [LOGIN, loginOk()], ["POST /api/v1/copysession/rec", accepted(9)],
        ["GET /api/v1/job/9", job(9, "Success", { resource_href_list: ["/api/v1/copysession/12"] })], ["DELETE /api/v1/job", jobDeleted],
      ]);
      await scriptedClient(t, fakeRuntime()).createRecSession({ ...rec, transferMode: mode, splitMode: "Manual" });
      assert.equal("split_mode" in t.log[1]!.body!, hasSplit, mode);
    }
  });

  it("createRecSession: a job without the href falls back to the source volume's sessions (tolerant spellings)", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()], ["POST /api/v1/copysession/rec", accepted(9)], ["GET /api/v1/job/9", job(9, "Success")], ["DELETE /api/v1/job", jobDeleted],
      ["GET /api/v1/volume/100000/copysession", { status: 200, body: { backup_volume_list: [
        { backup_type: "Clone", volume_href: "/api/v1/volume/200001", copysession_href: "/api/v1/copysession/3" },
        { backup_type: "REMOTE_MIRROR", destination_boxid: BOX_B, volume_href: "/api/v1/volume/200001", copysession_href: "/api/v1/copysession/4" },
      ] } }],
    ]);
    assert.equal(await scriptedClient(t, fakeRuntime()).createRecSession(rec), 4);
  });

  it("a lost response to POST /copysession/rec is ERR_LOST_RESPONSE and is never re-sent", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], ["POST /api/v1/copysession/rec", reset]]);
    const rt = fakeRuntime();
    await assert.rejects(scriptedClient(t, rt).createRecSession(rec), (e: unknown) => isOutcomeUnknown(e) && e.reason === "response-lost");
    assert.deepEqual(t.pending, []);
    assert.deepEqual(rt.sleeps, []);
  });

  it("a 503 on POST is re-sent (the array refused it, nothing ran)", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()], ["POST /api/v1/copysession/rec", { status: 503 }], ["POST /api/v1/copysession/rec", accepted(9)],
      ["GET /api/v1/job/9", job(9, "Success", { resource_href_list: ["/api/v1/copysession/12"] })], ["DELETE /api/v1/job", jobDeleted],
    ]);
    assert.equal(await scriptedClient(t, fakeRuntime()).createRecSession(rec), 12);
  });

  it("deleteCopySession: forced body, 404 = already gone", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], ["DELETE /api/v1/copysession/12", { status: 404 }]]);
    await scriptedClient(t, fakeRuntime()).deleteCopySession(12, { forced: true });
    assert.deepEqual(t.log[1]!.body, { is_forced: true });
  });

  it("deleteCopySession: lost response, then the session reads 404 = done", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], ["DELETE /api/v1/copysession/12", reset], ["GET /api/v1/copysession/12", { status: 404 }]]);
    await scriptedClient(t, fakeRuntime()).deleteCopySession(12, { forced: false });
    assert.equal(t.log[1]!.body, undefined, "a normal delete has no body");
    assert.deepEqual(t.pending, []);
  });

  it("deleteCopySession: lost response and the session is still there: the outcome-unknown error surfaces", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], ["DELETE /api/v1/copysession/12", reset], ["GET /api/v1/copysession/12", { status: 200, body: { copysession_id: 12 } }]]);
    await assert.rejects(scriptedClient(t, fakeRuntime()).deleteCopySession(12, { forced: true }), (e: unknown) => isOutcomeUnknown(e));
  });

  it("createVolume: capacity in MB, id from the job, read back", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()], ["POST /api/v1/volume", accepted(5)], ["GET /api/v1/job/5", job(5, "Success", { resource_href_list: ["/api/v1/volume/100007"] })],
      ["DELETE /api/v1/job", jobDeleted], ["GET /api/v1/volume/100007", { status: 200, body: { volume_id: "100007", name: "v1", capacity: "1024" } }],
    ]);
    const v = await scriptedClient(t, fakeRuntime()).createVolume({ name: "v1", capacityMb: 1024, tppId: 0 });
    assert.deepEqual(t.log[1]!.body, { name: "v1", capacity: 1024, tpp_id: 0 });
    assert.deepEqual([v.volume_id, v.capacity], [100007, 1024]);
  });

  it("getCopySession: 404 reads as undefined; a reply that fails the schema is ERR_BAD_RESPONSE naming field and value, secrets redacted", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk("tok-secret-1")], ["GET /api/v1/copysession/1", { status: 404 }],
      ["GET /api/v1/copysession/2", { status: 200, body: { copysession_id: "id tok-secret-1" } }],
      ["GET /api/v1/copysession/3", { status: 200, body: { copysession_id: "seven", status: 5 } }]]);
    const c = scriptedClient(t, fakeRuntime());
    assert.equal(await c.getCopySession(1), undefined);
    await assert.rejects(c.getCopySession(2), (e: Error & { code?: string }) =>
      e.code === "ERR_BAD_RESPONSE" && e.message.includes('copysession_id: Invalid input (got "id [REDACTED]")') && !e.message.includes("tok-secret"));
    await assert.rejects(c.getCopySession(3), (e: Error & { code?: string }) =>
      e.message.includes('copysession_id: Invalid input (got "seven")') && /status: .* \(got 5\)/.test(e.message) && /eternus:trace or ETERNUS_TRACE/.test(e.message));
  });

  it("patchCopySession: one field per request", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], ["PATCH /api/v1/copysession/3", accepted(1)], ["GET /api/v1/job/1", job(1, "Success")], ["DELETE /api/v1/job", jobDeleted]]);
    await scriptedClient(t, fakeRuntime()).patchCopySession(3, "transfer_mode", "Consistency");
    assert.deepEqual(t.log[1]!.body, { transfer_mode: "Consistency" });
  });
});
