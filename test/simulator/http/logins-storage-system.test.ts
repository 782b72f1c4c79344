import * as assert from "node:assert/strict";
import { ManualClock } from "../../../simulator/model/clock";
import { SimRest } from "../../helpers/sim-rest";
import { startTestSim, TestSim } from "../helpers";

describe("http: logins and storage system [M:session-post, M:session-get, M:session-delete, M:system]", () => {
  let t: TestSim;
  before(async () => { t = await startTestSim({ tokenLifetimeSeconds: 1800 }); });
  after(async () => { await t.close(); });

  it("[M:session-post] password grant answers 200 with session_id, token, lifetime and a refresh token when asked", async () => {
    const c = new SimRest(t.a.array);
    const r = await c.tryLogin({ refresh: true });
    assert.equal(r.status, 200);
    assert.equal(r.body.lifetime, 1800);
    assert.equal(typeof r.body.token, "string");
    assert.equal(typeof r.body.refresh_token, "string");
    const r2 = await c.request("POST", "/session", { grant_type: "refresh_token", refresh_token: c.refreshToken }, { token: null });
    assert.equal(r2.status, 200);
    assert.equal(r2.body.session_id, r.body.session_id);
    assert.equal((await c.request("GET", "/storagesystem")).status, 401, "the old token stopped working");
    c.token = r2.body.token;
    assert.equal((await c.request("GET", "/storagesystem")).status, 200);
  });

  it("[M:session-post] wrong password or refresh token is 401; a missing user_name is 400 naming it", async () => {
    const c = new SimRest(t.a.array);
    assert.equal((await c.tryLogin({ password: "nope" })).status, 401);
    assert.equal((await c.request("POST", "/session", { grant_type: "refresh_token", refresh_token: "x" })).status, 401);
    const r = await c.request("POST", "/session", { password: "root" });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /\(user_name\)$/);
  });

  it("[M:session-get] own session only: user_name, lifetime left, auth_list", async () => {
    const r = await t.a.request("GET", `/session/${t.a.sessionId}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.user_name, "root");
    assert.ok(r.body.lifetime > 1700 && r.body.lifetime <= 1800);
    assert.ok(r.body.auth_list.includes("Advanced_Copy_Management"));
    assert.equal((await t.a.request("GET", `/session/${t.a.sessionId! + 1000}`)).status, 404);
  });

  it("[M:session-delete] logout is 200 and the token and refresh token stop working", async () => {
    const c = new SimRest(t.a.array);
    await c.tryLogin({ refresh: true });
    assert.equal((await c.request("DELETE", `/session/${c.sessionId}`)).status, 200);
    assert.equal((await c.request("GET", "/storagesystem")).status, 401);
    assert.equal((await c.request("POST", "/session", { grant_type: "refresh_token", refresh_token: c.refreshToken })).status, 401);
  });

  it("[M:login] every API call needs the Bearer token (401 without)", async () => {
    assert.equal((await t.a.request("GET", "/volume", undefined, { token: null })).status, 401);
    assert.equal((await t.a.request("GET", "/sim/v1/world", undefined, { token: null })).status, 401);
  });

  it("[M:system] boxid (40 chars), is_remote_copy_available and fields narrowing", async () => {
    const r = await t.a.request("GET", "/storagesystem");
    assert.equal(r.body.boxid, t.a.boxId);
    assert.equal(r.body.boxid.length, 40);
    assert.equal(r.body.is_remote_copy_available, true);
    const n = await t.a.request("GET", "/storagesystem?fields=status");
    assert.deepEqual(Object.keys(n.body).sort(), ["boxid", "status"]);
  });
});

describe("http: token lifetime [M:login]", () => {
  it("[M:login] an expired token answers 401 (--token-lifetime 1)", async () => {
    const clock = new ManualClock(Date.now());
    const t = await startTestSim({ tokenLifetimeSeconds: 1, clock });
    try {
      assert.equal((await t.a.request("GET", "/storagesystem")).status, 200);
      clock.advance(1000);
      assert.equal((await t.a.request("GET", "/storagesystem")).status, 401);
    } finally {
      await t.close();
    }
  });
});
