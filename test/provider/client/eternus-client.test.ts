/**
 * Test layer 1: the REST client against the simulator (token expiry and refresh, 401 re-login, 503 storm,
 * lost response, job cleanup, secrets kept out of errors). [M:login], [M:jobmgmt], [M:error]
 */
import * as assert from "node:assert/strict";
import { startSimulator } from "../../../simulator";
import { createEternusClient, EternusRestClient } from "../../../provider/client";
import { SimRest } from "../../helpers/sim-rest";

type Sim = Awaited<ReturnType<typeof startSimulator>>;
const PASSWORD = "s3cret-Pa55word";

/** A call as root behind the client's back (the one test REST client), logged out afterwards; must answer 200. */
async function admin(url: string, method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const rest = new SimRest({ name: url, url }, { user: "root", password: PASSWORD });
  try {
    return await rest.withLogin((c) => c.json(method, path, body));
  } finally {
    await rest.close();
  }
}

describe("client/eternus-client against the simulator", function () {
  this.timeout(60_000);
  let sim: Sim;
  let client: EternusRestClient;
  const lines: string[] = [];
  before(async () => {
    sim = await startSimulator({ http: true, password: PASSWORD, jobLatencyMs: 10, copyRateMbps: 1_000_000, log: () => undefined });
    client = createEternusClient(
      { name: "site-b", endpoint: sim.arrays[1]!.url, username: "root", password: PASSWORD, allowHttp: true },
      { log: (l) => lines.push(l), retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    );
  });
  after(async () => { await client.close(); await sim.close(); });

  it("[M:jobmgmt] creates a volume, waits for its job and deletes the job record", async () => {
    const v = await client.createVolume({ name: "client_vol1", capacityMb: 1024, tppId: 0 });
    assert.equal(v.name, "client_vol1");
    assert.equal(v.capacity, 1024);
    await client.flushJobRecords(); // finished records are deleted in batches; close() flushes too
    const jobs = await admin(sim.arrays[1]!.url, "GET", "/sim/v1/world");
    const json = JSON.stringify(jobs);
    assert.ok(json.includes("client_vol1"));
    // Job records are per user: list them as root through the REST API.
    const list = await admin(sim.arrays[1]!.url, "GET", "/api/v1/job") as { job_list: unknown[] };
    assert.deepEqual(list.job_list, [], "no job record is left behind (512-job limit)");
  });

  it("[M:cs-list] the array accepts the copysession_id filter of listCopySessions(ids)", async () => {
    assert.deepEqual(await client.listCopySessions([987654]), []);
  });

  it("[M:login] expired tokens: the client logs in again once and the call succeeds", async () => {
    await client.getStorageSystem();
    await admin(sim.arrays[1]!.url, "POST", "/sim/v1/tokens/expire");
    const sys = await client.getStorageSystem();
    assert.equal(sys.boxid, sim.arrays[1]!.boxId);
  });

  it("[M:error] a 503 storm (next 5 requests) is retried until it passes", async () => {
    await admin(sim.arrays[1]!.url, "POST", "/sim/v1/faults/unavailable", { count: 5 });
    const vols = await client.listVolumes();
    assert.ok(vols.some((v) => v.name === "client_vol1"));
  });

  it("a lost response to POST /volume: the volume is found by name, never created twice", async () => {
    await admin(sim.arrays[1]!.url, "POST", "/sim/v1/faults/drop-response", { count: 1, method: "POST", path_prefix: "/api/v1/volume" });
    let vol;
    try {
      vol = await client.createVolume({ name: "client_lost", capacityMb: 512, tppId: 0 });
    } catch (e) {
      assert.equal((e as { code?: string }).code, "ERR_LOST_RESPONSE", String(e));
    }
    const named = (await client.listVolumes()).filter((v) => v.name === "client_lost");
    assert.equal(named.length, 1, "exactly one volume exists");
    if (vol) assert.equal(vol.volume_id, named[0]!.volume_id);
  });

  it("[M:error] an array error is an EternusApiError with status and error_code, and never carries the password or a token", async () => {
    await assert.rejects(client.createVolume({ name: "client_vol1", capacityMb: 1024, tppId: 0 }), (e: unknown) => {
      const err = e as { status?: number; errorCode?: string; message: string };
      assert.equal(err.status, 409);
      assert.ok(err.errorCode, "error_code is kept");
      const text = `${err.message} ${JSON.stringify(e)} ${lines.join("\n")}`;
      assert.ok(!text.includes(PASSWORD), "no password in the error or logs");
      assert.ok(!/Bearer [A-Za-z0-9]/.test(text), "no bearer token in the error or logs");
      return true;
    });
  });

  it("a wrong password is a clear 401 that names the array, without the password", async () => {
    const bad = createEternusClient({ name: "site-b", endpoint: sim.arrays[1]!.url, username: "root", password: "wrong-" + PASSWORD, allowHttp: true });
    try {
      await assert.rejects(bad.getStorageSystem(), (e: unknown) => {
        const err = e as { status?: number; message: string };
        assert.equal(err.status, 401);
        assert.match(err.message, /site-b/);
        assert.ok(!err.message.includes(PASSWORD));
        return true;
      });
    } finally {
      await bad.close();
    }
  });
});
