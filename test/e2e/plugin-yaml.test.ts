/**
 * The provider plugin `pulumi-resource-eternus` under the real engine with a Pulumi YAML program (the
 * pulumi-language-yaml host of `npm run setup:pulumi`), against the simulator: a mirror (RemoteVolume +
 * RecSyncSession) up, a transfer-mode switch, a failover and failback, destroy; then an engine
 * `customTimeouts` shorter than the initial copy, then shorter than an update's copy (a resume after writes
 * made while suspended): the partial state recorded, a later up converges. Pulumi.yaml names the plugin with
 * plugins.providers[].path.
 * One stack, in order.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { cleanupAfterSuite, mirrorResourcesYaml, PLUGIN_BLOCK, pluginProject } from "./helpers/plugin";
import { startE2eSimulator, type E2eSim } from "./helpers/sim";
import { assertNoChanges, E2E_ARRAY_PASSWORD } from "./helpers/suite";
import type { PulumiProject } from "../helpers/pulumi-cli";

/** customTimeouts: one line under the option, e.g. "create: 15s". */
interface Mirror { transferMode: string; failover: boolean; suspended?: boolean; customTimeouts?: string }

function program(m: Mirror): string {
  return `name: plugin-yaml
runtime: yaml
${PLUGIN_BLOCK}${mirrorResourcesYaml({
    recProperties: [`transferMode: ${m.transferMode}`, `failover: ${m.failover}`, ...(m.suspended === undefined ? [] : [`suspended: ${m.suspended}`])],
    recOptions: m.customTimeouts ? ["customTimeouts:", `  ${m.customTimeouts}`] : [],
  })}outputs:
  copySessionId: \${rec.copySessionId}
  transferMode: \${rec.transferMode}
  phase: \${rec.phase}
  status: \${rec.status}
  direction: \${rec.direction}
  mirrorVolumeId: \${mirror.volumeId}
`;
}

describe("e2e: the provider plugin with a YAML program", function () {
  this.timeout(15 * 60_000);
  let sim: E2eSim;
  let p: PulumiProject;
  let dir: string;
  let workDir: string;
  let recordedSessionId: number | undefined;

  const write = (m: Mirror) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program(m));
  const sessions = () => sim.api("site-a").sessions();

  before(async function () {
    ({ p, dir, workDir } = pluginProject(this, "plugin-yaml", "pulumi-language-yaml"));
    sim = await startE2eSimulator(path.join(workDir, "sim"), { password: E2E_ARRAY_PASSWORD });
    write({ transferMode: "Synchronous", failover: false });
    await p.init();
    await p.configureArrays(sim.arrays, { password: E2E_ARRAY_PASSWORD });
  });
  cleanupAfterSuite("plugin-yaml", () => ({ workDir, close: async () => { await sim?.close(); } }));

  it("up creates the mirror volume and an Equivalent synchronous session; a second preview shows no changes", async () => {
    await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.phase, "Equivalent");
    assert.strictEqual(o.transferMode, "Synchronous");
    const vol = await sim.api("site-b").volumeByName("business_vol01_m");
    assert.strictEqual(vol?.volume_id, o.mirrorVolumeId);
    const all = await sessions();
    assert.deepStrictEqual(all.map((s) => s.copysession_id), [o.copySessionId]);
    assertNoChanges(await p.preview(), "after up");
  });

  it("a transfer-mode switch is an in-place update, announced in preview", async () => {
    write({ transferMode: "Consistency", failover: false });
    const pv = await p.preview();
    assert.deepStrictEqual(pv.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").pop()}`), ["update rec"]);
    assert.ok(JSON.stringify(pv.diagnostics ?? []).includes("will suspend"), "the preview prints the procedure");
    await p.up();
    const s = (await sessions())[0]!;
    assert.strictEqual(s.transfer_mode, "Consistency");
    assertNoChanges(await p.preview(), "after the switch");
  });

  it("failover suspends the session; failback runs it Forward again", async () => {
    // An asynchronous mirror may lag: the provider refuses that failover (acceptIncompleteMirror), so back to Synchronous first.
    write({ transferMode: "Synchronous", failover: false });
    await p.up();
    write({ transferMode: "Synchronous", failover: true });
    await p.up();
    assert.strictEqual((await sessions())[0]!.status, "Suspend");
    write({ transferMode: "Synchronous", failover: false });
    await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.direction, "Forward");
    assert.strictEqual(o.status, "Active");
  });

  it("destroy removes the session and the mirror volume", async () => {
    await p.destroy();
    assert.deepStrictEqual(await sessions(), []);
    assert.strictEqual(await sim.api("site-b").volumeByName("business_vol01_m"), undefined);
  });

  it("customTimeouts shorter than the initial copy: up fails at that deadline and the session is recorded", async () => {
    await sim.api("site-a").admin("PATCH", "/settings", { copy_rate_mbps: 1 });
    write({ transferMode: "Synchronous", failover: false, customTimeouts: "create: 15s" });
    const r = await p.up({ allowFailure: true });
    assert.notStrictEqual(r.code, 0, "up must fail");
    assert.match(r.stdout + r.stderr, /timed out after 1\d\d\d\d ms waiting for Equivalent/);
    const rec = await recordedRec();
    assert.strictEqual(rec.outputs.timeoutSeconds, 3600, "the declared bound is stored, not the call's");
    assert.deepStrictEqual((await sessions()).map((s) => s.copysession_id), [rec.outputs.copySessionId]);
    recordedSessionId = rec.outputs.copySessionId as number;
  });

  it("after the timed-out create, a later up converges on the recorded session (no second session); preview then shows no changes", async () => {
    await convergesOnRecordedSession("after the timed-out create");
  });

  it("customTimeouts shorter than an update's copy: the resume after writes fails at that deadline, the resumed session recorded", async () => {
    write({ transferMode: "Synchronous", failover: false, suspended: true });
    await p.up();
    recordedSessionId = (await p.outputs()).copySessionId as number;
    // 600 MB written to the business volume while suspended, copied at 1 MB/s after the resume: ~10 minutes.
    await sim.api("site-a").admin("POST", "/writes", { volume_id: 100000, mb: 600 });
    await sim.api("site-a").admin("PATCH", "/settings", { copy_rate_mbps: 1 });
    write({ transferMode: "Synchronous", failover: false, suspended: false, customTimeouts: "update: 15s" });
    const r = await p.up({ allowFailure: true });
    assert.notStrictEqual(r.code, 0, "up must fail");
    assert.match(r.stdout + r.stderr, /timed out after 1\d\d\d\d ms waiting for Equivalent/);
    const rec = await recordedRec();
    assert.deepStrictEqual([rec.outputs.status, rec.outputs.phase, rec.outputs.suspended], ["Active", "Copying", false], "resumed and copying");
    assert.strictEqual(rec.outputs.timeoutSeconds, 3600, "the declared bound is stored, not the call's");
    assert.deepStrictEqual((await sessions()).map((s) => s.copysession_id), [recordedSessionId]);
  });

  it("after the timed-out update, a later up converges on the same session; preview then shows no changes", async () => {
    await convergesOnRecordedSession("after the timed-out update");
  });

  async function recordedRec() {
    const state = await p.exportState();
    const rec = (state.deployment.resources ?? []).find((x) => String(x.urn).endsWith("::rec"));
    assert.ok(rec, "the session is in state");
    return rec;
  }

  /** Fast copies again: up finishes the recorded session (no second one), preview is clean, destroy empties the array. */
  async function convergesOnRecordedSession(what: string): Promise<void> {
    await sim.api("site-a").admin("PATCH", "/settings", { copy_rate_mbps: 2000 });
    await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.copySessionId, recordedSessionId, "the same session, not a new one");
    assert.strictEqual(o.phase, "Equivalent");
    assert.deepStrictEqual((await sessions()).map((s) => s.copysession_id), [recordedSessionId]);
    assertNoChanges(await p.preview(), what);
    await p.destroy();
    assert.deepStrictEqual(await sessions(), []);
  }
});
