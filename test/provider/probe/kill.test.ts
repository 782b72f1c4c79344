/**
 * The drill killed at several points (a test hook throws: no cleanup runs, as after SIGKILL), or losing the
 * answer to a create: the next run (--cleanup, or the next drill) finds the leftovers by its record and
 * prefix and removes them, and nothing else.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DRILL_STEPS, DrillStep } from "../../../provider/probe/drill/plan";
import { SimRest } from "../../helpers/sim-rest";
import { PASSWORD, ProbeHarness, startProbeHarness } from "./probe-harness";

const DRILL = { pools: { "site-a": 0, "site-b": 0 }, sizeMb: 1024 };
const KILL_AT: DrillStep[] = ["create-sessions", "wait-equivalent", "reverse", "multi-suspend", "forced-delete", "delete-volumes", "done"];

describe("probe/drill killed and run again", function () {
  this.timeout(180_000);
  let h: ProbeHarness;
  before(async () => { h = await startProbeHarness(); });
  after(async () => { await h.close(); });

  it("kill points are drill steps", () => {
    for (const s of KILL_AT) assert.ok(DRILL_STEPS.includes(s));
  });

  for (const step of KILL_AT) {
    it(`killed before ${step}: --cleanup removes every leftover and keeps the business volume`, async () => {
      const kept = [...h.sim.world.arrays.get("site-a")!.volumes.values()].filter((v) => !v.name.startsWith("eternus-rec-probe-")).map((v) => v.name);
      await assert.rejects(h.probe({ drill: DRILL, hooks: { beforeStep: (s) => { if (s === step) throw new Error("kill -9"); } } }), /killed before/);
      assert.ok(fs.existsSync(path.join(h.dir, "drill-record.json")), "the killed run left its record");
      if (step !== "create-sessions") assert.ok(h.leftovers().volumes.length > 0 || step === "done");
      const r = await h.probe({ cleanupOnly: true });
      assert.match(r.report, /nothing left/);
      assert.deepEqual(h.leftovers(), { volumes: [], sessions: [] });
      assert.deepEqual([...h.sim.world.arrays.get("site-a")!.volumes.values()].map((v) => v.name), kept);
      assert.equal(fs.existsSync(path.join(h.dir, "drill-record.json")), false);
    });
  }

  it("a lost answer to a volume create: the drill fails, its own cleanup finds the volume by prefix", async () => {
    // The fault is set on the simulator itself; the proxy in front of it cuts the client's connection too.
    const root = new SimRest(h.sim.arrays[1]!, { user: "root", password: PASSWORD });
    await root.withLogin((c) => c.admin("POST", "/faults/drop-response", { count: 1, method: "POST", path_prefix: "/api/v1/volume" }));
    await root.close();
    await assert.rejects(h.probe({ drill: DRILL }), (e: Error & { code?: string }) => e.code === "ERR_LOST_RESPONSE");
    assert.deepEqual(h.leftovers(), { volumes: [], sessions: [] });
  });

  it("Ctrl-C (the probe's abort signal) in the middle of the drill: the drill removes what it created before it ends", async () => {
    const ctl = new AbortController();
    await assert.rejects(h.probe({ drill: DRILL, signal: ctl.signal, hooks: { beforeStep: (s) => { if (s === "patch-modes") ctl.abort(new Error("SIGINT")); } } }),
      (e: Error & { code?: string }) => e.code === "ERR_ABORTED" || /abort/i.test(e.message));
    assert.deepEqual(h.leftovers(), { volumes: [], sessions: [] });
    assert.equal(fs.existsSync(path.join(h.dir, "drill-record.json")), false);
  });

  it("a second drill after a kill removes the first run's leftovers before it starts", async () => {
    await assert.rejects(h.probe({ drill: DRILL, hooks: { beforeStep: (s) => { if (s === "suspend") throw new Error("kill -9"); } } }));
    assert.ok(h.leftovers().sessions.length > 0);
    const r = await h.probe({ drill: DRILL });
    assert.match(r.report, /cleanup eternus-rec-probe-[0-9a-f]{6}-\*: nothing left/);
    assert.deepEqual(h.leftovers(), { volumes: [], sessions: [] });
  });
});
