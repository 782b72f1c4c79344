/** provider/client/retry.ts: the retry decision, full-jitter backoff and the retry loop, on a fake clock. */
import { strict as assert } from "node:assert";
import { EternusApiError, EternusConfigError, TransportFailure, isOutcomeUnknown } from "../../../provider/client/errors";
import { DEFAULT_RETRY_POLICY, RetryPolicy, backoffDelay, decide, withRetry } from "../../../provider/client/retry";
import { fakeRuntime } from "./helpers/fake-runtime";

const http = (status: number) => new EternusApiError({ arrayName: "a", method: "GET", path: "/api/v1/x", status });
const net = (t: TransportFailure) => new EternusApiError({ arrayName: "a", method: "POST", path: "/api/v1/x", status: 0, transport: t });

describe("client/retry", () => {
  describe("decide", () => {
    const cases: Array<[string, unknown, boolean, string]> = [
      ["503 (busy, also the 512-job limit)", http(503), false, "retry"],
      ["500", http(500), true, "fail"],
      ["400", http(400), true, "fail"],
      ["401 (auth layer re-logs in, retry does not)", http(401), true, "fail"],
      ["404", http(404), true, "fail"],
      ["409", http(409), true, "fail"],
      ["refused after the array answered before", net({ kind: "connect", maybeSent: false, causeCode: "ECONNREFUSED" }), false, "retry"],
      ["refused before any answer (wrong port)", net({ kind: "connect", maybeSent: false, causeCode: "ECONNREFUSED", beforeFirstResponse: true }), true, "fail"],
      ["connect timeout, non-idempotent (never sent)", net({ kind: "connect", maybeSent: false, causeCode: "UND_ERR_CONNECT_TIMEOUT" }), false, "retry"],
      ["reset, idempotent", net({ kind: "reset", maybeSent: true, causeCode: "ECONNRESET" }), true, "retry"],
      ["reset, non-idempotent", net({ kind: "reset", maybeSent: true, causeCode: "ECONNRESET" }), false, "outcome-unknown"],
      ["response timeout, non-idempotent", net({ kind: "timeout", maybeSent: true, causeCode: "UND_ERR_HEADERS_TIMEOUT" }), false, "outcome-unknown"],
      ["tls", net({ kind: "tls", maybeSent: false, causeCode: "DEPTH_ZERO_SELF_SIGNED_CERT" }), true, "fail"],
      ["aborted", net({ kind: "aborted", maybeSent: true }), true, "fail"],
      ["dns ENOTFOUND", net({ kind: "dns", maybeSent: false, causeCode: "ENOTFOUND" }), true, "fail"],
      ["dns EAI_AGAIN (temporary)", net({ kind: "dns", maybeSent: false, causeCode: "EAI_AGAIN" }), true, "retry"],
      ["client closed", net({ kind: "other", maybeSent: false, causeCode: "UND_ERR_CLOSED" }), true, "fail"],
      ["config error", new EternusConfigError("bad"), true, "fail"],
      ["plain Error", new Error("x"), true, "fail"],
    ];
    for (const [what, err, idempotent, want] of cases) {
      it(`${what} -> ${want}`, () => assert.equal(decide(err, { idempotent }), want));
    }
    it("never by error_code: a 503 with any error_code is retried, a 409 with the busy code is not", () => {
      assert.equal(decide(new EternusApiError({ arrayName: "a", method: "GET", path: "/p", status: 503, errorCode: "0005" }), { idempotent: true }), "retry");
      assert.equal(decide(new EternusApiError({ arrayName: "a", method: "GET", path: "/p", status: 409, errorCode: "0008" }), { idempotent: true }), "fail");
    });
  });

  describe("backoffDelay (full jitter)", () => {
    const p: RetryPolicy = { baseDelayMs: 250, maxDelayMs: 8_000, maxAttempts: 8, deadlineMs: 120_000 };
    it("is random * min(cap, base * 2^retry), floored", () => {
      assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((r) => backoffDelay(r, p, () => 0.5)), [125, 250, 500, 1000, 2000, 4000, 4000]);
      assert.equal(backoffDelay(3, p, () => 0), 0);
      assert.equal(backoffDelay(3, p, () => 0.999), 1998);
    });
  });

  describe("withRetry", () => {
    const req = { method: "GET" as const, path: "/api/v1/x", idempotent: true };

    it("retries 503 with the backoff delays, then succeeds; every retry is logged", async () => {
      const rt = fakeRuntime({ randoms: [0.5] });
      let n = 0;
      const out = await withRetry(async () => { if (n++ < 3) throw http(503); return "ok"; }, { req, arrayName: "a", policy: DEFAULT_RETRY_POLICY, runtime: rt });
      assert.equal(out, "ok");
      assert.deepEqual(rt.sleeps, [125, 250, 500]);
      assert.equal(rt.lines.length, 3);
      assert.match(rt.lines[0]!, /GET \/api\/v1\/x answered 503; retry 1\/7 in 125 ms/);
    });

    it("stops after maxAttempts with the last error carrying retryCount", async () => {
      const rt = fakeRuntime();
      let n = 0;
      await assert.rejects(withRetry(async () => { n++; throw http(503); }, { req, arrayName: "a", policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 4 }, runtime: rt }),
        (e: EternusApiError) => e.status === 503 && e.retryCount === 3);
      assert.equal(n, 4);
      assert.equal(rt.sleeps.length, 3);
    });

    it("schedules no retry past the deadline", async () => {
      const rt = fakeRuntime({ randoms: [0.99] });
      let n = 0;
      // delays 247, 495, 990, 1980 ... a 1500 ms budget allows 247 + 495 only (247 + 495 + 990 > 1500).
      await assert.rejects(withRetry(async () => { n++; throw http(503); }, { req, arrayName: "a", policy: { ...DEFAULT_RETRY_POLICY, deadlineMs: 1_500 }, runtime: rt }));
      assert.deepEqual(rt.sleeps, [247, 495]);
      assert.equal(n, 3);
    });

    it("a non-idempotent request that may have arrived becomes ERR_LOST_RESPONSE and is not re-sent", async () => {
      const rt = fakeRuntime();
      let n = 0;
      await assert.rejects(withRetry(async () => { n++; throw net({ kind: "reset", maybeSent: true, causeCode: "UND_ERR_SOCKET" }); },
        { req: { method: "POST", path: "/api/v1/volume", idempotent: false }, arrayName: "a", policy: DEFAULT_RETRY_POLICY, runtime: rt }),
      (e: unknown) => isOutcomeUnknown(e) && (e as { reason: string }).reason === "response-lost");
      assert.equal(n, 1);
      assert.deepEqual(rt.sleeps, []);
    });

    it("idempotentError: a login failure before a POST is retried as idempotent", async () => {
      const rt = fakeRuntime();
      const loginErr = net({ kind: "reset", maybeSent: true, causeCode: "ECONNRESET" });
      let n = 0;
      const out = await withRetry(async () => { if (n++ === 0) throw loginErr; return 1; },
        { req: { method: "POST", path: "/api/v1/volume", idempotent: false }, arrayName: "a", policy: DEFAULT_RETRY_POLICY, runtime: rt, idempotentError: (e) => e === loginErr });
      assert.equal(out, 1);
      assert.equal(rt.sleeps.length, 1);
    });

    it("finalError: never retried, even a 503", async () => {
      const rt = fakeRuntime();
      let n = 0;
      await assert.rejects(withRetry(async () => { n++; throw http(503); }, { req, arrayName: "a", policy: DEFAULT_RETRY_POLICY, runtime: rt, finalError: () => true }));
      assert.equal(n, 1);
    });

    it("an aborted signal stops before the next attempt", async () => {
      const rt = fakeRuntime();
      const ac = new AbortController();
      let n = 0;
      await assert.rejects(withRetry(async () => { n++; ac.abort(); throw http(503); }, { req, arrayName: "a", policy: DEFAULT_RETRY_POLICY, runtime: rt, signal: ac.signal }),
        (e: { code?: string }) => e.code === "ERR_ABORTED");
      assert.equal(n, 1);
    });
  });
});
