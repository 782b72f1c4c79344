/**
 * Robustness (issue 16): statuses and answers the simulator never gives: redirects, statuses the API does not
 * use, error texts long enough to be cut (secrets are redacted BEFORE the cut), 2xx without a job id, a login
 * reply without a token, and an array that never answers (a request ends by its signal, also while it waits
 * in the pool behind another). After each, the one-connection client still answers and close() logs out.
 */
import { strict as assert } from "node:assert";
import type * as http from "node:http";
import { EternusApiError, EternusCancelledError } from "../../../../provider/client/errors";
import { fakeRuntime } from "../helpers/fake-runtime";
import { ARRAY_PASSWORD, ARRAY_TOKEN, ScriptedArray, json, scriptedArrays, stillServesThenLogsOut } from "../helpers/scripted-array";

describe("client robustness: statuses and answers", () => {
  const arrays = scriptedArrays();
  let arr: ScriptedArray;
  let other: ScriptedArray;
  beforeEach(() => {
    arr = arrays.arr();
    other = arrays.other();
  });

  it("a redirect is an error (ERR_HTTP), never followed to another host", async () => {
    arr.on("GET /api/v1/volume", (_q, res) => {
      res.writeHead(302, { location: `${other.origin}/api/v1/volume` });
      res.end();
    });
    const rt = fakeRuntime();
    const c = arr.client(rt);
    await assert.rejects(c.listVolumes(), (e: EternusApiError) => e.code === "ERR_HTTP" && e.status === 302 && /302 Found: unexpected status .*no redirect is followed/.test(e.message));
    assert.deepEqual(other.requests, []);
    assert.deepEqual(rt.sleeps, [], "not retried");
    await stillServesThenLogsOut(arr, c);
  });

  it("a status the API does not use, with an HTML body: ERR_HTTP with the start of the text", async () => {
    arr.on("GET /api/v1/volume", (_q, res) => {
      res.writeHead(418, { "content-type": "text/html" });
      res.end(`<html>${"teapot ".repeat(100)}</html>`);
    });
    const c = arr.client(fakeRuntime());
    await assert.rejects(c.listVolumes(), (e: EternusApiError) => e.code === "ERR_HTTP" && /418 I'm a Teapot: <html>teapot/.test(e.message) && e.message.length < 600);
    await stillServesThenLogsOut(arr, c);
  });

  it("a long error text with our token and password near the cut: redacted before it is cut, no prefix left", async () => {
    const echo = (res: http.ServerResponse) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(`${"x".repeat(180)} Bearer ${ARRAY_TOKEN} pw=${ARRAY_PASSWORD} ${"y".repeat(300)}`);
    };
    arr.on("GET /api/v1/volume", (_q, res) => echo(res));
    const rt = fakeRuntime();
    const c = arr.client(rt, { retry: { maxAttempts: 1 } });
    await assert.rejects(c.listVolumes(), (e: EternusApiError) => {
      assert.equal(e.code, "ERR_ARRAY_INTERNAL");
      assert.ok(!e.message.includes(ARRAY_TOKEN.slice(0, 8)), e.message);
      assert.ok(!e.message.includes(ARRAY_PASSWORD.slice(0, 6)), e.message);
      assert.match(e.message, /Bearer \[REDACTED\]/);
      return true;
    });
    await stillServesThenLogsOut(arr, c);
  });

  it("202 without a job id: ERR_BAD_RESPONSE naming job_id, the mutation not re-sent", async () => {
    arr.on("POST /api/v1/volume/5/expand", (_q, res) => json(res, 202, { job_href: "/api/v1/job/" }));
    const rt = fakeRuntime();
    const c = arr.client(rt);
    await assert.rejects(c.expandVolume(5, 2048), (e: EternusApiError) =>
      e.code === "ERR_BAD_RESPONSE" && /202 without a job: the reply not understood: job_id: .*\(got missing\)/.test(e.message));
    assert.equal(arr.count("POST /api/v1/volume/5/expand"), 1);
    await stillServesThenLogsOut(arr, c);
  });

  it("a login reply without a token: ERR_BAD_RESPONSE naming the field, no value printed", async () => {
    let broken = true;
    arr.on("POST /api/v1/session", (_q, res) => json(res, 200, broken ? { session_id: 41, tokn: "tok-hidden-value" } : { session_id: 41, token: ARRAY_TOKEN }));
    const c = arr.client(fakeRuntime());
    await assert.rejects(c.getStorageSystem(), (e: EternusApiError) =>
      e.code === "ERR_BAD_RESPONSE" && /login reply not understood: token/.test(e.message) && !e.message.includes("tok-hidden"));
    broken = false;
    await stillServesThenLogsOut(arr, c);
  });

  it("an array that never answers: each request ends by its signal, also one waiting in the pool behind it", async () => {
    const held: http.ServerResponse[] = [];
    arr.on("GET /api/v1/volume", (_q, res) => { held.push(res); });
    const rt = fakeRuntime();
    const c = arr.client(rt, { retry: { maxAttempts: 1 } });
    await c.getStorageSystem(); // logged in; the one connection is free
    const first = c.listVolumes(undefined, { signal: rt.timeout(5_000) });
    const queued = c.getVolume(7, { signal: rt.timeout(5_000) });
    rt.advance(5_001);
    await assert.rejects(first, (e: EternusApiError) => e.code === "ERR_ABORTED");
    await assert.rejects(queued, (e: EternusApiError) => e.code === "ERR_ABORTED");
    assert.equal(arr.count("GET /api/v1/volume/7"), 0, "the queued request never left");
    for (const r of held) r.destroy();
    await stillServesThenLogsOut(arr, c);
  });

  it("the engine's Cancel ends a request the array never answers with ERR_CANCELLED, not ERR_ABORTED, and it is not re-sent", async () => {
    const held: http.ServerResponse[] = [];
    arr.on("GET /api/v1/volume/7", (_q, res) => { held.push(res); });
    const c = arr.client(fakeRuntime());
    await c.getStorageSystem();
    const engine = new AbortController();
    const pending = c.getVolume(7, { signal: engine.signal });
    while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
    engine.abort(new EternusCancelledError("an operation ran"));
    await assert.rejects(pending, (e: EternusApiError) => e.code === "ERR_CANCELLED" && /request cancelled by the engine/.test(e.message));
    assert.equal(arr.count("GET /api/v1/volume/7"), 1);
    for (const r of held) r.destroy();
    await stillServesThenLogsOut(arr, c);
  });
});
