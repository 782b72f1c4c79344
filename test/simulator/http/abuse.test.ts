/** Abuse by a logged-in or anonymous client: privileges, the admin role, bad escapes, bodies before auth. */
import * as assert from "node:assert/strict";
import { MAX_BODY_BYTES, PRIVILEGE } from "../../../simulator/model/sim-choices";
import { SimRest } from "../../helpers/sim-rest";
import { startTestSim, TestSim } from "../helpers";

describe("http: abuse of a shared simulator", () => {
  let t: TestSim;
  let viewer: SimRest;
  before(async () => {
    t = await startTestSim();
    await t.a.request("POST", "/sim/v1/users", { user_name: "viewer", password: "pw", auth_list: [PRIVILEGE.read] });
    viewer = new SimRest(t.a.array);
    assert.equal((await viewer.tryLogin({ user: "viewer", password: "pw" })).status, 200);
  });
  after(async () => { await t.close(); });

  it("an account with only Status_Display reads, but cannot create a volume (403 naming the privilege)", async () => {
    assert.equal((await viewer.request("GET", "/volume")).status, 200);
    const r = await viewer.request("POST", "/volume", { name: "nope", capacity: 100, tpp_id: 0 });
    assert.equal(r.status, 403);
    assert.match(r.body.message, /Volume_Create_Modify/);
    assert.equal((await t.a.request("GET", "/volume?volume_name=nope")).body.volume_list?.length ?? 0, 0);
  });

  it("an account without the administrator role is refused the admin API: it cannot replace root's password", async () => {
    const r = await viewer.request("POST", "/sim/v1/users", { user_name: "root", password: "owned" });
    assert.equal(r.status, 403);
    assert.equal((await viewer.request("GET", "/sim/v1/world")).status, 403);
    assert.equal((await new SimRest(t.a.array).tryLogin()).status, 200);
  });

  it("a granted administrator role opens the admin API", async () => {
    await t.a.request("POST", "/sim/v1/users", { user_name: "ops", password: "pw", auth_list: [], sim_admin: true });
    const ops = new SimRest(t.a.array);
    await ops.tryLogin({ user: "ops", password: "pw" });
    assert.equal((await ops.request("GET", "/sim/v1/world")).status, 200);
  });

  it("a malformed %-escape answers 400 with the array's error body, no stack trace", async () => {
    const r = await t.a.request("GET", "/sim/v1/volumes/%E0%A4%A/1/digest");
    assert.equal(r.status, 400);
    assert.deepEqual(Object.keys(r.body).sort(), ["error_code", "internal_code", "message"]);
    assert.doesNotMatch(JSON.stringify(r.body), /at .*\.js|URIError/);
  });

  it("the body of a request without a token is not read: 401, not 413, for an oversized body", async () => {
    const raw = "x".repeat(MAX_BODY_BYTES + 1);
    const r = await t.a.request("POST", "/volume", undefined, { token: null, raw });
    assert.equal(r.status, 401);
  });
});
