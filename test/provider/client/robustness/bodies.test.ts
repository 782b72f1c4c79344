/**
 * Robustness (issue 16): reply bodies a real array or a proxy may send. A huge body stops at the byte limit,
 * a trickling one at its deadline (the client's injected clock here; one case on real time, kept under a
 * second), wrong JSON and missing fields name the field and the value, and enum values this client does not
 * know pass through a read that does not need them. After each, the one-connection client still answers
 * and close() logs out.
 */
import { strict as assert } from "node:assert";
import type * as http from "node:http";
import { EternusApiError } from "../../../../provider/client/errors";
import { fakeRuntime } from "../helpers/fake-runtime";
import { ScriptedArray, json, stillServesThenLogsOut } from "../helpers/scripted-array";

/**
 * The manual clock's deadline, and a promise that resolves once the transport has started the body deadline
 * of the `nth` reply (the login's is the first).
 */
function watchedDeadline(rt: ReturnType<typeof fakeRuntime>, nth = 2): { deadline: (ms: number) => AbortSignal; reading: Promise<void> } {
  let started!: () => void;
  let n = 0;
  const reading = new Promise<void>((resolve) => { started = resolve; });
  return { deadline: (ms) => { const s = rt.timeout(ms); if (++n === nth) started(); return s; }, reading };
}

/** Writes `chunk` every `everyMs` until the socket goes. */
function trickle(res: http.ServerResponse, everyMs: number, chunk = " "): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.write("{\"boxid\":");
  const timer = setInterval(() => {
    if (res.destroyed || res.writableEnded) clearInterval(timer);
    else res.write(chunk);
  }, everyMs);
  res.on("close", () => clearInterval(timer));
}

describe("client robustness: reply bodies", () => {
  let arr: ScriptedArray;
  beforeEach(async () => {
    arr = await new ScriptedArray().start();
  });
  afterEach(async () => {
    await arr.stop();
  });

  it("a body that never ends stops at the byte limit: ERR_BAD_RESPONSE, not retried", async () => {
    arr.on("GET /api/v1/volume", (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{\"volume_list\": [");
      const block = Buffer.alloc(16 * 1024, " ");
      const more = () => {
        while (!res.destroyed && res.write(block)) { /* fill the socket */ }
        if (!res.destroyed) res.once("drain", more);
      };
      more();
    });
    const rt = fakeRuntime();
    const c = arr.client(rt, { transportOptions: { maxReplyBytes: 256 * 1024 } });
    await assert.rejects(c.listVolumes(), (e: EternusApiError) =>
      e.code === "ERR_BAD_RESPONSE" && /reply body larger than 262144 bytes \(stopped reading after \d+\)/.test(e.message));
    assert.deepEqual(rt.sleeps, []);
    await stillServesThenLogsOut(arr, c);
  });

  it("a Content-Length above the limit is refused before reading", async () => {
    arr.on("GET /api/v1/volume", (_q, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": 10 * 1024 * 1024 });
      res.write("{");
    });
    const c = arr.client(fakeRuntime(), { transportOptions: { maxReplyBytes: 1024 * 1024 } });
    await assert.rejects(c.listVolumes(), (e: EternusApiError) => e.code === "ERR_BAD_RESPONSE" && /stopped reading after 0\)/.test(e.message));
    await stillServesThenLogsOut(arr, c);
  });

  it("a trickling body ends at the body deadline (client clock): ERR_REQUEST_TIMEOUT naming requestTimeoutSeconds", async () => {
    let trickling = true;
    arr.on("GET /api/v1/storagesystem", (_q, res) => {
      if (!trickling) return json(res, 200, { boxid: "00ETERNUSDXM##ET0000A####AA000001##" });
      trickle(res, 20);
    });
    const rt = fakeRuntime();
    const w = watchedDeadline(rt);
    const c = arr.client(rt, { retry: { maxAttempts: 1 }, transportOptions: { deadline: w.deadline } });
    const call = c.getStorageSystem();
    await w.reading;
    rt.advance(60_001);
    await assert.rejects(call, (e: EternusApiError) =>
      e.code === "ERR_REQUEST_TIMEOUT" && e.transport?.kind === "timeout" &&
      /the reply body from 127\.0\.0\.1:\d+ did not complete within 60 s \(\d+ bytes read; eternus:arrays\.tokyo\.requestTimeoutSeconds\)/.test(e.message));
    trickling = false;
    await stillServesThenLogsOut(arr, c);
  });

  it("a trickling body ends at the default (real-time) deadline too: a short requestTimeoutSeconds, no clock injected", async () => {
    let trickling = true;
    arr.on("GET /api/v1/storagesystem", (_q, res) => {
      if (!trickling) return json(res, 200, { boxid: "00ETERNUSDXM##ET0000A####AA000001##" });
      trickle(res, 10);
    });
    // 0.3 s: undici's own bodyTimeout (an idle gap) never fires on a 10 ms trickle; the body deadline does.
    const c = arr.client(fakeRuntime(), { retry: { maxAttempts: 1 }, requestTimeoutSeconds: 0.3 });
    await assert.rejects(c.getStorageSystem(), (e: EternusApiError) => e.code === "ERR_REQUEST_TIMEOUT" && /did not complete within 0\.3 s/.test(e.message));
    trickling = false;
    await stillServesThenLogsOut(arr, c);
  });

  it("a trickling reply to a mutation is outcome-unknown (read back), never re-sent", async () => {
    arr.on("POST /api/v1/volume", (_q, res) => trickle(res, 20));
    const rt = fakeRuntime();
    const w = watchedDeadline(rt);
    const c = arr.client(rt, { transportOptions: { deadline: w.deadline } });
    const call = c.createVolume({ name: "v1", capacityMb: 1024, tppId: 0 });
    await w.reading;
    rt.advance(60_001);
    await assert.rejects(call, (e: EternusApiError) => e.code === "ERR_LOST_RESPONSE");
    assert.equal(arr.count("POST /api/v1/volume"), 1);
    await stillServesThenLogsOut(arr, c);
  });

  it("2xx that is not JSON: ERR_BAD_RESPONSE with the start of the text", async () => {
    arr.on("GET /api/v1/volume", (_q, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>Proxy login required</body></html>");
    });
    const c = arr.client(fakeRuntime());
    await assert.rejects(c.listVolumes(), (e: EternusApiError) => e.code === "ERR_BAD_RESPONSE" && /reply is not JSON: <html><body>Proxy login required/.test(e.message));
    await stillServesThenLogsOut(arr, c);
  });

  it("JSON of the wrong shape and missing fields: the error names each field and the value found", async () => {
    arr.on("GET /api/v1/volume", (_q, res) => json(res, 200, { volume_list: [{ volume_id: "12a", name: "v" }, { name: 7, capacity: "1 GB", volume_id: 3 }] }));
    const c = arr.client(fakeRuntime());
    await assert.rejects(c.listVolumes(), (e: EternusApiError) => {
      assert.equal(e.code, "ERR_BAD_RESPONSE");
      assert.match(e.message, /volume_list\.0\.volume_id: .*\(got "12a"\)/);
      assert.match(e.message, /volume_list\.0\.capacity: .*\(got missing\)/);
      assert.match(e.message, /volume_list\.1\.name: .*\(got 7\)/);
      assert.match(e.message, /volume_list\.1\.capacity: .*\(got "1 GB"\)/);
      return true;
    });
    await stillServesThenLogsOut(arr, c);
  });

  it("a list that is not a list, a body that is a bare string: named, never a crash", async () => {
    arr.on("GET /api/v1/copysession", (_q, res) => json(res, 200, { copysession_list: { copysession_id: 1 } }));
    arr.on("GET /api/v1/volume/5", (_q, res) => json(res, 200, "volume"));
    const c = arr.client(fakeRuntime());
    await assert.rejects(c.listCopySessions(), (e: EternusApiError) => e.code === "ERR_BAD_RESPONSE" && /copysession_list: .*\(got an object\)/.test(e.message));
    await assert.rejects(c.getVolume(5), (e: EternusApiError) => e.code === "ERR_BAD_RESPONSE" && /\(root\): .*\(got "volume"\)/.test(e.message));
    await stillServesThenLogsOut(arr, c);
  });

  it("enum values this client does not know pass through a read (a later firmware's spellings)", async () => {
    arr.on("GET /api/v1/copysession/3", (_q, res) => json(res, 200, {
      copysession_id: 3, type: "REC", status: "Frozen", phase: "Warp", transfer_mode: "Quantum", recovery_mode: "Psychic", split_mode: "Maybe",
    }));
    const c = arr.client(fakeRuntime());
    const s = await c.getCopySession(3);
    assert.deepEqual([s?.status, s?.phase, s?.transfer_mode, s?.recovery_mode, s?.split_mode], ["Frozen", "Warp", "Quantum", "Psychic", "Maybe"]);
    await stillServesThenLogsOut(arr, c);
  });

  it("a job status this client does not know: the job wait ends at its deadline naming the value", async () => {
    arr.on("PATCH /api/v1/volume/5", (_q, res) => json(res, 202, { job_id: 9, job_href: "/api/v1/job/9" }));
    arr.on("GET /api/v1/job/9", (_q, res) => json(res, 200, { job_id: 9, status: "Hibernating" }));
    const rt = fakeRuntime();
    const c = arr.client(rt, { jobPoll: { timeoutMs: 30_000 } });
    await assert.rejects(c.renameVolume(5, "w"), (e: Error & { code?: string }) =>
      e.code === "ERR_TIMEOUT" && /status "Hibernating", which this client does not know/.test(e.message));
    await stillServesThenLogsOut(arr, c);
  });
});
