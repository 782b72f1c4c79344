/**
 * provider/client/auth.ts through the client on a scripted transport: login, refresh before expiry, one
 * re-login on 401, shared login, logout retried within its bound, and the wrong-password error.
 */
import { strict as assert } from "node:assert";
import { EternusApiError } from "../../../provider/client/errors";
import { LOGOUT_RETRY_POLICY, refreshMarginMs } from "../../../provider/client/auth";
import { fakeRuntime } from "./helpers/fake-runtime";
import { LOGIN, PASSWORD, ScriptedTransport, busy, loginOk, scriptedClient } from "./helpers/scripted-transport";

const SYSTEM = "GET /api/v1/storagesystem";
const system = { status: 200, body: { boxid: "BOX-1" } };

describe("client/auth", () => {
  it("refreshMarginMs: 5 min, or a third of a short lifetime", () => {
    assert.equal(refreshMarginMs(1800_000), 300_000);
    assert.equal(refreshMarginMs(600_000), 200_000);
  });

  it("logs in once, asks for a refresh token, sends the Bearer token, and keeps the password out of the log", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk("tok-1")], [SYSTEM, system], [SYSTEM, system]]);
    const rt = fakeRuntime();
    const c = scriptedClient(t, rt);
    await c.getStorageSystem();
    await c.getStorageSystem();
    assert.deepEqual(t.lines, [LOGIN, SYSTEM, SYSTEM]);
    assert.deepEqual(t.log[0]!.body, { user_name: "admin", password: PASSWORD, grant_type: "password", is_refresh_token_required: true });
    assert.equal(t.log[1]!.token, "tok-1");
    assert.ok(!rt.lines.join("\n").includes(PASSWORD));
  });

  it("concurrent first calls share one login", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], [SYSTEM, system], [SYSTEM, system]]);
    const c = scriptedClient(t, fakeRuntime());
    await Promise.all([c.getStorageSystem(), c.getStorageSystem()]);
    assert.deepEqual(t.lines, [LOGIN, SYSTEM, SYSTEM]);
  });

  it("refreshes with the refresh token when less than the margin remains (clock injected)", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk("tok-1", 7, 1800, "rt-1")], [SYSTEM, system]]);
    const rt = fakeRuntime();
    const c = scriptedClient(t, rt);
    await c.getStorageSystem();
    rt.advance(1500_000 - 1); // 300 s + 1 ms left: still fresh
    t.then([SYSTEM, system]);
    await c.getStorageSystem();
    rt.advance(2); // under 300 s left: refresh
    t.then([LOGIN, loginOk("tok-2", 7, 1800)], [SYSTEM, system]);
    await c.getStorageSystem();
    assert.deepEqual(t.lines, [LOGIN, SYSTEM, SYSTEM, LOGIN, SYSTEM]);
    assert.deepEqual(t.log[3]!.body, { user_name: "admin", grant_type: "refresh_token", refresh_token: "rt-1", is_refresh_token_required: true });
    assert.equal(t.log[4]!.token, "tok-2");
  });

  it("a failed refresh falls back to a password login", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk("tok-1")], [SYSTEM, system]]);
    const rt = fakeRuntime();
    const c = scriptedClient(t, rt);
    await c.getStorageSystem();
    rt.advance(1700_000);
    t.then([LOGIN, { status: 401, body: { error_code: "0002", message: "Authentication failed (refresh_token)" } }], [LOGIN, loginOk("tok-3")], [SYSTEM, system]);
    await c.getStorageSystem();
    assert.equal(t.log[3]!.body!.grant_type, "password");
    assert.equal(t.log[4]!.token, "tok-3");
    assert.ok(rt.lines.some((l) => /token refresh failed.*logging in again/.test(l)));
  });

  it("401 on a request: one fresh login and one re-send", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk("tok-1")], [SYSTEM, { status: 401 }], [LOGIN, loginOk("tok-2", 8)], [SYSTEM, system]]);
    const c = scriptedClient(t, fakeRuntime());
    assert.equal((await c.getStorageSystem()).boxid, "BOX-1");
    assert.equal(t.log[3]!.token, "tok-2");
    assert.equal(t.log[2]!.body!.grant_type, "password", "a re-login uses the password, not the refresh token");
  });

  it("a second 401 after the re-login fails instead of looping", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk("tok-1")], [SYSTEM, { status: 401 }], [LOGIN, loginOk("tok-2")], [SYSTEM, { status: 401 }]]);
    const c = scriptedClient(t, fakeRuntime());
    await assert.rejects(c.getStorageSystem(), (e: EternusApiError) => e.status === 401);
    assert.deepEqual(t.pending, []);
  });

  it("wrong password: one login, a 401 naming the username/password keys and env vars, no array factor, no secret", async () => {
    const t = new ScriptedTransport([[LOGIN, { status: 401, body: { error_code: "0002", message: "Authentication failed (user_name)" } }]]);
    const rt = fakeRuntime();
    const c = scriptedClient(t, rt);
    await assert.rejects(c.getStorageSystem(), (e: EternusApiError) => {
      assert.equal(e.status, 401);
      assert.equal(e.code, "ERR_UNAUTHORIZED");
      assert.equal(e.errorCode, "0002");
      assert.match(e.message, /^array "tokyo": login as user "admin" was refused \(401 Unauthorized, error_code 0002\)/);
      assert.match(e.message, /eternus:arrays\.tokyo\.username \(or ETERNUS_TOKYO_USERNAME\) and eternus:arrays\.tokyo\.password \(or ETERNUS_TOKYO_PASSWORD\)/);
      assert.doesNotMatch(e.message, /\(user_name\)/);
      assert.equal(e.message.split("refused").length, 2, "said once");
      assert.ok(!e.message.includes(PASSWORD) && !JSON.stringify(e).includes(PASSWORD));
      return true;
    });
    assert.deepEqual(t.lines, [LOGIN]);
  });

  it("a 503 on login is retried over https", async () => {
    const t = new ScriptedTransport([[LOGIN, busy], [LOGIN, loginOk()], [SYSTEM, system]]);
    const rt = fakeRuntime();
    await scriptedClient(t, rt).getStorageSystem();
    assert.equal(rt.sleeps.length, 1);
  });

  it("plain HTTP (allowHttp): a loud warning, and a failed login is never re-sent", async () => {
    const t = new ScriptedTransport([[LOGIN, busy]], "http://sim.test:8080");
    const rt = fakeRuntime();
    const c = scriptedClient(t, rt, { allowHttp: true });
    assert.ok(rt.lines.some((l) => /WARNING.*plain HTTP.*UNENCRYPTED.*eternus:arrays\.tokyo\.allowHttp/.test(l)), rt.lines.join("\n"));
    await assert.rejects(c.getStorageSystem(), (e: EternusApiError) => e.status === 503);
    assert.deepEqual(t.lines, [LOGIN]);
    assert.deepEqual(rt.sleeps, []);
  });

  describe("logout", () => {
    const LOGOUT = "DELETE /api/v1/session/7";

    it("close() logs out once and closes the transport; a second close does nothing", async () => {
      const t = new ScriptedTransport([[LOGIN, loginOk()], [SYSTEM, system], [LOGOUT, { status: 200, body: {} }]]);
      const c = scriptedClient(t, fakeRuntime());
      await c.getStorageSystem();
      await c.close();
      await c.close();
      assert.deepEqual(t.lines, [LOGIN, SYSTEM, LOGOUT]);
      assert.equal(t.log[2]!.token, "tok-1");
      assert.ok(t.closed);
    });

    it("no login, no logout request", async () => {
      const t = new ScriptedTransport([]);
      await scriptedClient(t, fakeRuntime()).close();
      assert.deepEqual(t.lines, []);
    });

    it("a 503 storm on logout is retried (the array caps REST sessions)", async () => {
      const t = new ScriptedTransport([[LOGIN, loginOk()], [SYSTEM, system], [LOGOUT, busy], [LOGOUT, { fail: "reset", causeCode: "ECONNRESET", maybeSent: true }], [LOGOUT, { status: 200, body: {} }]]);
      const rt = fakeRuntime();
      const c = scriptedClient(t, rt);
      await c.getStorageSystem();
      await c.close();
      assert.deepEqual(t.pending, []);
      assert.deepEqual(rt.sleeps, [25, 50]);
    });

    it("a logout that keeps failing stops within its bound, never throws, and says so", async () => {
      const steps: Array<[string, typeof busy]> = [];
      for (let i = 0; i < 20; i++) steps.push([LOGOUT, busy]);
      const t = new ScriptedTransport([[LOGIN, loginOk()], [SYSTEM, system], ...steps]);
      const rt = fakeRuntime({ randoms: [0.99] });
      const c = scriptedClient(t, rt);
      await c.getStorageSystem();
      await c.close();
      const tries = t.lines.filter((l) => l === LOGOUT).length;
      assert.ok(tries >= 3 && tries <= LOGOUT_RETRY_POLICY.maxAttempts, `${tries} tries`);
      assert.ok(rt.sleeps.reduce((a, b) => a + b, 0) <= LOGOUT_RETRY_POLICY.deadlineMs);
      assert.ok(rt.lines.some((l) => /logout failed/.test(l)));
      assert.ok(t.closed);
    });

    it("a storm of eleven busy answers is outlasted within the bound", async () => {
      const steps: Array<[string, typeof busy]> = [];
      for (let i = 0; i < 11; i++) steps.push([LOGOUT, busy]);
      const t = new ScriptedTransport([[LOGIN, loginOk()], [SYSTEM, system], ...steps, [LOGOUT, { status: 200, body: {} }]]);
      const rt = fakeRuntime({ randoms: [0.99] });
      const c = scriptedClient(t, rt);
      await c.getStorageSystem();
      await c.close();
      assert.deepEqual(t.pending, []);
      assert.ok(rt.sleeps.reduce((a, b) => a + b, 0) <= LOGOUT_RETRY_POLICY.deadlineMs);
      assert.ok(!rt.lines.some((l) => /logout failed/.test(l)));
    });

    it("after logout the client logs in no more (a straggler cannot open a session)", async () => {
      const t = new ScriptedTransport([[LOGIN, loginOk()], [SYSTEM, system], [LOGOUT, { status: 200, body: {} }]]);
      const c = scriptedClient(t, fakeRuntime());
      await c.getStorageSystem();
      await c.close();
      await assert.rejects(c.getStorageSystem(), (e: Error & { code?: string }) => e.code === "ERR_CLIENT_CLOSED");
      assert.deepEqual(t.lines, [LOGIN, SYSTEM, LOGOUT]);
    });

    it("401/404 on logout: the session is already gone, no retry", async () => {
      const t = new ScriptedTransport([[LOGIN, loginOk()], [SYSTEM, system], [LOGOUT, { status: 401 }]]);
      const rt = fakeRuntime();
      const c = scriptedClient(t, rt);
      await c.getStorageSystem();
      await c.close();
      assert.deepEqual(rt.sleeps, []);
      assert.ok(!rt.lines.some((l) => /logout failed/.test(l)));
    });
  });
});
