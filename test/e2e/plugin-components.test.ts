/**
 * The components through the provider plugin's Construct, under the real engine with a Pulumi YAML program:
 * a MirroredVolume and a MirroredVolumeGroup (two business volumes) up, their children registered as the
 * package's own types under the components, a transfer-mode switch touching only the child session, the
 * group suspended at one cut, a component input error named at preview, destroy. One stack, in order.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { cleanupAfterSuite, PLUGIN_BLOCK, pluginProject } from "./helpers/plugin";
import { startE2eSimulator, type E2eSim } from "./helpers/sim";
import { assertNoChanges, E2E_ARRAY_PASSWORD } from "./helpers/suite";
import type { PulumiProject } from "../helpers/pulumi-cli";

interface Program { transferMode: string; groupSuspended: boolean; groupVolumes: string[] }

function program(m: Program): string {
  return `name: plugin-components
runtime: yaml
${PLUGIN_BLOCK}resources:
  db:
    type: eternus:index:MirroredVolume
    properties:
      source:
        array: site-a
        volumeId: 100000
      destination:
        array: site-b
        tppId: 0
        name: db_mirror
      transferMode: ${m.transferMode}
  app:
    type: eternus:index:MirroredVolumeGroup
    properties:
      sourceArray: site-a
      destination:
        array: site-b
        tppId: 0
      suspended: ${m.groupSuspended}
      volumes:
${m.groupVolumes.map((v) => `        - volumeName: ${v}\n          mirrorName: ${v}_m\n`).join("")}outputs:
  dbSessionId: \${db.copySessionId}
  dbPhase: \${db.phase}
  dbMirrorId: \${db.destinationVolumeId}
  appSuspended: \${app.suspended}
`;
}

describe("e2e: the components through the provider plugin (Construct), YAML program", function () {
  this.timeout(15 * 60_000);
  let sim: E2eSim;
  let p: PulumiProject;
  let dir: string;
  let workDir: string;
  const GROUP = ["app_a", "app_b"];

  const write = (m: Partial<Program>) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"),
    program({ transferMode: "Synchronous", groupSuspended: false, groupVolumes: GROUP, ...m }));
  const sessions = () => sim.api("site-a").sessions();
  const nonSame = (steps: { op: string; urn: string }[]) => steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").slice(2).join("::")}`).sort();

  before(async function () {
    ({ p, dir, workDir } = pluginProject(this, "plugin-components", "pulumi-language-yaml"));
    sim = await startE2eSimulator(path.join(workDir, "sim"), { password: E2E_ARRAY_PASSWORD });
    for (const name of GROUP) await sim.api("site-a").job("POST", "/volume", { name, capacity: 1024, tpp_id: 0 });
    write({});
    await p.init();
    await p.configureArrays(sim.arrays, { password: E2E_ARRAY_PASSWORD });
  });
  cleanupAfterSuite("plugin-components", () => ({ workDir, close: async () => { await sim?.close(); } }));

  it("up builds both components: their children are the package's resources under them, Equivalent; preview then shows no changes", async () => {
    await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.dbPhase, "Equivalent");
    assert.strictEqual(o.appSuspended, false);
    assert.strictEqual((await sim.api("site-b").volumeByName("db_mirror"))?.volume_id, o.dbMirrorId);
    const all = await sessions();
    assert.strictEqual(all.length, 3, "one session for db, one per group volume");
    assert.ok(all.some((s) => s.copysession_id === o.dbSessionId));
    const state = await p.exportState();
    const types = (state.deployment.resources ?? []).map((r) => `${String(r.urn).split("::")[2]} ${String(r.urn).split("::")[3]}`).filter((t) => t.includes("eternus:index:")).sort();
    assert.deepStrictEqual(types, [
      "eternus:index:MirroredVolume db",
      "eternus:index:MirroredVolume$eternus:index:RecSyncSession db-session",
      "eternus:index:MirroredVolume$eternus:index:RemoteVolume db-volume",
      "eternus:index:MirroredVolumeGroup app",
      "eternus:index:MirroredVolumeGroup$eternus:index:RecSessionGroup app-group",
      "eternus:index:MirroredVolumeGroup$eternus:index:RemoteVolume app-app_a_m",
      "eternus:index:MirroredVolumeGroup$eternus:index:RemoteVolume app-app_b_m",
    ]);
    assertNoChanges(await p.preview(), "after up");
  });

  it("a transfer-mode switch of the MirroredVolume updates only its session, in place", async () => {
    write({ transferMode: "Consistency" });
    const pv = await p.preview();
    assert.deepStrictEqual(nonSame(pv.steps), ["update eternus:index:MirroredVolume$eternus:index:RecSyncSession::db-session"]);
    await p.up();
    const o = await p.outputs();
    const s = (await sessions()).find((x) => x.copysession_id === o.dbSessionId);
    assert.strictEqual(s?.transfer_mode, "Consistency");
    assertNoChanges(await p.preview(), "after the switch");
  });

  it("the group's suspended: true cuts both of its sessions with one consistent suspend", async () => {
    write({ transferMode: "Consistency", groupSuspended: true });
    await p.up();
    assert.strictEqual((await p.outputs()).appSuspended, true);
    const state = await p.exportState();
    const group = (state.deployment.resources ?? []).find((r) => String(r.urn).endsWith("::app-group"));
    const cut = group?.outputs.lastCut as { consistent: boolean; copySessionIds: number[] } | undefined;
    assert.strictEqual(cut?.consistent, true);
    assert.strictEqual(cut?.copySessionIds.length, 2);
    const db = (await p.outputs()).dbSessionId;
    for (const s of await sessions()) assert.strictEqual(s.status, s.copysession_id === db ? "Active" : "Suspend");
  });

  it("a bad component input fails the preview with the component's field named, before any request", async () => {
    write({ transferMode: "Through", groupSuspended: true });
    const r = await p.run(["preview", "--stack", "e2e"], { allowFailure: true });
    assert.notStrictEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /eternus:index:MirroredVolume: invalid inputs: transferMode .*Through mode is not supported/);
    write({ transferMode: "Consistency", groupSuspended: true });
  });

  it("destroy removes every session and every mirror volume; the business volumes stay", async () => {
    await p.destroy();
    assert.deepStrictEqual(await sessions(), []);
    const names = (await sim.api("site-b").volumes()).map((v) => v.name);
    for (const n of ["db_mirror", "app_a_m", "app_b_m"]) assert.ok(!names.includes(n), `${n} is gone`);
    const business = (await sim.api("site-a").volumes()).map((v) => v.name);
    for (const n of GROUP) assert.ok(business.includes(n));
  });
});
