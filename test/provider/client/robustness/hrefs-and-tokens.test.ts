/**
 * Robustness (issue 16): what a real array (or a proxy) may put into a next_href or a token. Against a real
 * socket: undici refused such a request inside its pool and leaked the connection's slot, so after a few
 * every later request hung past its signal and close() never logged out. Each case ends with a clear
 * error, the same one-connection client then still answers, and close() sends the logout.
 */
import { strict as assert } from "node:assert";
import { EternusApiError } from "../../../../provider/client/errors";
import { fakeRuntime } from "../helpers/fake-runtime";
import { ARRAY_PASSWORD, ScriptedArray, json, scriptedArrays, stillServesThenLogsOut } from "../helpers/scripted-array";

const volume = (id: number) => ({ volume_id: id, name: `v${id}`, capacity: 1024 });

describe("client robustness: hrefs and tokens from the array", () => {
  const arrays = scriptedArrays();
  let arr: ScriptedArray;
  let other: ScriptedArray;
  beforeEach(() => {
    arr = arrays.arr();
    other = arrays.other();
  });

  it("a next_href with a space or non-ASCII is %-encoded and followed", async () => {
    arr.on("GET /api/v1/volume", (req, res) => json(res, 200, req.url === "/api/v1/volume"
      ? { volume_list: [volume(1)], next_href: "/api/v1/volume?start=a b&n=\u00e9" }
      : { volume_list: [volume(2)] }));
    const c = arr.client(fakeRuntime());
    assert.deepEqual((await c.listVolumes()).map((v) => v.volume_id), [1, 2]);
    assert.ok(arr.requests.includes("GET /api/v1/volume?start=a%20b&n=%C3%A9"), arr.requests.join(", "));
    await stillServesThenLogsOut(arr, c);
  });

  for (const [what, href] of [["a newline", "/api/v1/volume?start=2\n"], ["a tab", "/api/v1/vol\tume"], ["a NUL", "/api/v1/volume?x=\u0000"]] as const) {
    it(`a next_href with ${what}: ERR_BAD_RESPONSE at once (not retried), nothing leaked, logout sent`, async () => {
      arr.on("GET /api/v1/volume", (_q, res) => json(res, 200, { volume_list: [volume(1)], next_href: href }));
      const rt = fakeRuntime();
      const c = arr.client(rt);
      for (let i = 0; i < 5; i++) {
        await assert.rejects(c.listVolumes(), (e: EternusApiError) =>
          e.code === "ERR_BAD_RESPONSE" && /on array tokyo/.test(e.message) && /next_href .* control character/.test(e.message) && !/[\n\t\u0000]/.test(e.message));
      }
      assert.equal(arr.count("GET /api/v1/volume"), 5, "one request per list, none retried");
      assert.deepEqual(rt.sleeps, []);
      await stillServesThenLogsOut(arr, c);
    });
  }

  it("a next_href naming another host: refused, that host never sees our token", async () => {
    arr.on("GET /api/v1/volume", (_q, res) => json(res, 200, { volume_list: [volume(1)], next_href: `${other.origin}/api/v1/volume?start=2` }));
    const c = arr.client(fakeRuntime());
    await assert.rejects(c.listVolumes(), (e: EternusApiError) => e.code === "ERR_BAD_RESPONSE" && e.message.includes(`not to the array's ${arr.origin}`));
    assert.deepEqual(other.requests, []);
    await stillServesThenLogsOut(arr, c);
  });

  for (const [what, token] of [["a space", "tok en-0123456789"], ["a newline", "token-0123456789\r\nX-Evil: 1"], ["non-ASCII", "token-\u00e9-0123456789"]] as const) {
    it(`a login token with ${what}: refused at login naming the array, never echoed, never sent, not retried`, async () => {
      arr.on("POST /api/v1/session", (_q, res) => json(res, 200, { session_id: 41, token, lifetime: 1800 }));
      const rt = fakeRuntime();
      const c = arr.client(rt);
      await assert.rejects(c.getStorageSystem(), (e: EternusApiError) => {
        assert.equal(e.code, "ERR_BAD_RESPONSE");
        assert.match(e.message, /on array tokyo: 200 OK: the token of the login reply has a character an Authorization header cannot carry .*, so it cannot be sent back/);
        assert.ok(!e.message.includes("0123456789") && !e.message.includes(ARRAY_PASSWORD));
        return true;
      });
      assert.deepEqual(arr.requests, ["POST /api/v1/session"], "the token went nowhere; the login was not repeated");
      assert.deepEqual(rt.sleeps, []);
      await c.close();
    });
  }

  it("a request undici itself refuses (a method it cannot send): final, and the pool is replaced, so nothing leaks", async () => {
    const rt = fakeRuntime();
    const c = arr.client(rt);
    for (let i = 0; i < 6; i++) {
      await assert.rejects(c.request({ method: "GE T" as "GET", path: "/api/v1/volume", idempotent: true }), (e: EternusApiError) =>
        e.code === "ERR_INVALID_REQUEST" && e.transport?.kind === "invalid" && /request not sent/.test(e.message));
    }
    assert.deepEqual(rt.sleeps, [], "never retried");
    await stillServesThenLogsOut(arr, c);
  });

  it("a path the client would send raw with a space: ERR_INVALID_REQUEST before undici, naming the character", async () => {
    const c = arr.client(fakeRuntime());
    for (let i = 0; i < 6; i++) {
      await assert.rejects(c.request({ method: "GET", path: "/api/v1/volume?name=a b", idempotent: true }), (e: EternusApiError) =>
        e.code === "ERR_INVALID_REQUEST" && /not sent: its path has a character a request line cannot carry \(U\+0020 \(space\) at 21\)/.test(e.message));
    }
    assert.equal(arr.count("GET /api/v1/volume"), 0);
    await stillServesThenLogsOut(arr, c);
  });
});
