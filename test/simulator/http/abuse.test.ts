/**
 * Abuse by a logged-in or anonymous client: privileges, the admin role, bad escapes, bodies before auth;
 * oversized writes, too many volumes, slow clients; the state file (planted links, secrets).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator } from "../../../simulator";
import { createWorld } from "../../../simulator/model/seed";
import {
  MAX_BODY_BYTES, MAX_VOLUMES_PER_ARRAY, MAX_VOLUMES_PER_CREATE, MAX_WRITE_BLOCKS_PER_REQUEST, PRIVILEGE,
} from "../../../simulator/model/sim-choices";
import { saveWorldAtomic } from "../../../simulator/state-file";
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

describe("http: a shared simulator cannot be exhausted by one client, nor leak through its state file", () => {
  let t: TestSim;
  before(async () => { t = await startTestSim(); });
  after(async () => { await t.close(); });

  it("an oversized content write answers 400 naming the limit, and writes nothing", async () => {
    const r = await t.a.request("POST", "/sim/v1/writes", { volume_id: 100000, block: 0, count: MAX_WRITE_BLOCKS_PER_REQUEST + 1, write_id: "huge" });
    assert.equal(r.status, 400);
    assert.match(r.body.message, new RegExp(`at most ${MAX_WRITE_BLOCKS_PER_REQUEST} blocks.*\\(count\\)$`));
    assert.equal((await t.a.get("/sim/v1/volumes/site-a/100000/digest")).written_blocks, 0);
    const ok = await t.a.request("POST", "/sim/v1/writes", { volume_id: 100000, block: 0, count: MAX_WRITE_BLOCKS_PER_REQUEST, write_id: "max" });
    assert.equal(ok.status, 200, "the limit itself is accepted");
  });

  it("an array holds at most MAX_VOLUMES_PER_ARRAY volumes: one more answers 400 naming the limit", async () => {
    for (let made = 0; made < MAX_VOLUMES_PER_ARRAY; made += MAX_VOLUMES_PER_CREATE) {
      await t.b.job("POST", "/volume", { name: `fill${made}_`, capacity: 32, tpp_id: 0, count: MAX_VOLUMES_PER_CREATE, start_number: 0, number_of_digits: 3 });
    }
    const r = await t.b.request("POST", "/volume", { name: "one_more", capacity: 32, tpp_id: 0 });
    assert.equal(r.status, 400);
    assert.match(r.body.message, new RegExp(`at most ${MAX_VOLUMES_PER_ARRAY} volumes.*\\(count\\)$`));
    assert.equal((await t.b.get("/api/v1/volume?max_records=1")).total_count, MAX_VOLUMES_PER_ARRAY);
  });

  it("a slowloris client (headers trickled, never finished) is cut by the configured header timeout", async () => {
    const s = await startTestSim({ serverTimeouts: { headersMs: 300, requestMs: 2000 } });
    try {
      const { port } = new URL(s.a.array.url);
      const socket = net.connect(Number(port), "127.0.0.1");
      let answer = "";
      socket.on("data", (d: Buffer) => { answer += d.toString(); });
      const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
      socket.write("GET /api/v1/storagesystem HTTP/1.1\r\nHost: sim\r\n");
      // Keep sending header lines, never the blank line that ends them: the connection is never idle.
      const trickle = setInterval(() => socket.write(`X-Slow-${Math.random().toString(36).slice(2)}: x\r\n`), 50);
      try {
        await closed;
      } finally {
        clearInterval(trickle);
      }
      assert.match(answer, /^HTTP\/1\.1 408/, "the server answered 408 and closed");
      assert.equal((await s.a.request("GET", "/storagesystem")).status, 200, "other clients are still served");
    } finally {
      await s.close();
    }
  });

  describe("the state file", () => {
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-abuse-state-")); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a symlink planted at the temp path is not followed: its target is untouched, the save goes elsewhere", async () => {
      const file = path.join(dir, "world.json");
      const victim = path.join(dir, "victim.txt");
      fs.writeFileSync(victim, "precious");
      const planted = path.join(dir, ".world.json.planted.tmp");
      fs.symlinkSync(victim, planted);
      const names = [planted, path.join(dir, ".world.json.fresh.tmp")];
      const world = createWorld({ arrays: ["x"], seed: true });
      saveWorldAtomic(file, world, () => names.shift()!);
      assert.equal(fs.readFileSync(victim, "utf8"), "precious");
      assert.ok(fs.lstatSync(planted).isSymbolicLink(), "the planted link is left alone");
      assert.equal(JSON.parse(fs.readFileSync(file, "utf8")).arrays[0].name, "x");
      // Every name taken: the save fails rather than write through a link.
      assert.throws(() => saveWorldAtomic(file, world, () => planted), { code: "EEXIST" });
      assert.equal(fs.readFileSync(victim, "utf8"), "precious");
    });

    it("after a login and a change, the state file holds no token and no password; a restart logs everyone out", async () => {
      const stateFile = path.join(dir, "logins.json");
      const password = "Pa55-in-no-file-4711";
      const s = await startSimulator({ http: true, stateFile, password, jobLatencyMs: 1, log: () => undefined });
      const c = new SimRest(s.arrays[0]!, { user: "root", password });
      let login: Awaited<ReturnType<SimRest["login"]>>;
      try {
        login = await c.login({ refresh: true });
        await c.createVolume("saved_vol");
      } finally {
        await c.close();
        await s.close(); // flushes the batched save
      }
      const text = fs.readFileSync(stateFile, "utf8");
      assert.ok(text.includes("saved_vol"), "the change was saved");
      for (const secret of [password, login.token, login.refreshToken!]) assert.ok(!text.includes(secret), "no secret in the file");
      assert.match(text, /"passwordHash":"scrypt\$/);

      const s2 = await startSimulator({ http: true, stateFile, password, log: () => undefined });
      const c2 = new SimRest(s2.arrays[0]!, { user: "root", password });
      try {
        assert.equal((await c2.request("GET", "/storagesystem", undefined, { token: login.token })).status, 401, "logged out by the restart");
        await c2.login(); // the hashed password still verifies
      } finally {
        await c2.close();
        await s2.close();
      }
    });
  });
});
