/** The shared simulator client (test/helpers/sim-rest.ts) against a real HTTPS simulator on 127.0.0.1. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSimulator, type SimulatorHandle } from "../../simulator";
import { SimRest } from "./sim-rest";

describe("test helpers: SimRest, the simulator REST client", function () {
  let sim: SimulatorHandle;
  let tlsDir: string;
  let rest: SimRest;

  before(async function () {
    tlsDir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-rest-test-"));
    sim = await startSimulator({ tlsDir, jobLatencyMs: 4, copyRateMbps: 1_000_000, log: () => undefined });
    rest = new SimRest(sim.arrays[0]!);
  });

  after(async function () {
    await rest.close();
    await sim.close();
    fs.rmSync(tlsDir, { recursive: true, force: true });
  });

  const liveSessions = () => sim.world.array(sim.arrays[0]!.name).authSessions.size;

  it("trusts the array's own CA, and only that", async function () {
    await rest.withLogin(async (c) => assert.strictEqual((await c.get("/api/v1/storagesystem")).boxid, sim.arrays[0]!.boxId));
    const noCa = new SimRest({ ...sim.arrays[0]!, caCertPem: null });
    try {
      await assert.rejects(noCa.login());
    } finally {
      await noCa.close();
    }
  });

  it("withLogin logs out afterwards, also when the callback throws", async function () {
    const before = liveSessions();
    await assert.rejects(rest.withLogin(async () => {
      assert.strictEqual(liveSessions(), before + 1);
      throw new Error("boom");
    }), /boom/);
    assert.strictEqual(liveSessions(), before);
  });

  it("login retries 503 answers (an injected storm) and then succeeds", async function () {
    await rest.withLogin((c) => c.admin("POST", "/faults/unavailable", { count: 3 }));
    const c = new SimRest(sim.arrays[0]!, undefined, rest);
    await c.login();
    assert.ok(c.token);
    await c.logout();
    assert.strictEqual(c.token, undefined);
  });

  it("a logout into a 503 storm the same login installed is retried: no REST session is left", async function () {
    const before = liveSessions();
    await rest.withLogin((c) => c.admin("POST", "/faults/unavailable", { count: 3 }));
    assert.strictEqual(liveSessions(), before);
    await rest.withLogin((c) => c.admin("DELETE", "/faults"));
  });

  it("a failed login throws with the status, a non-2xx request does not throw", async function () {
    await assert.rejects(new SimRest(sim.arrays[0]!, { user: "root", password: "wrong" }, rest).login({ retries503: 0 }), /login answered 401/);
    const r = await rest.request("GET", "/api/v1/storagesystem", undefined, { token: null });
    assert.strictEqual(r.status, 401);
    assert.strictEqual(r.body.error_code, "0002");
  });

  it("job() waits for the job; list() follows every page; createdId() reads the href", async function () {
    await rest.withLogin(async (c) => {
      const job = await c.job("POST", "/volume", { name: "page_", capacity: 32, tpp_id: 0, count: 120, start_number: 0, number_of_digits: 3 });
      assert.strictEqual(job.status, "Success");
      assert.ok(SimRest.createdId(job) > 100000);
      const vols = await c.list<{ name: string }>("/volume", "volume_list");
      assert.strictEqual(vols.filter((v) => v.name.startsWith("page_")).length, 120, "more than the default page of 100");
      await assert.rejects(c.job("POST", "/volume", { name: "bad", capacity: 32 }), /expected 202, got 400/);
    });
  });

  it("short paths go under /api/v1; tryLogin answers a refused login instead of throwing; boxId comes from the array", async function () {
    const c = new SimRest(sim.arrays[0]!, undefined, rest);
    assert.strictEqual((await c.tryLogin({ password: "wrong" })).status, 401);
    assert.strictEqual(c.token, undefined);
    assert.strictEqual((await c.tryLogin()).status, 200);
    try {
      assert.strictEqual((await c.request("GET", "/storagesystem")).body.boxid, c.boxId);
      assert.strictEqual(await c.get("/volume/100000").then((v) => v.name), "business_vol01");
      const noBox = new SimRest({ name: "x", url: "http://127.0.0.1:1" });
      assert.throws(() => noBox.boxId, /no boxId/);
      await noBox.close();
    } finally {
      await c.logout();
    }
  });
});
