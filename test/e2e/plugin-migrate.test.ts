/**
 * Moving a stack from the dynamic resources to the plugin's (docs/plugin-migration.md), under the real
 * engine against the simulator, and the arrays never touched: the quick start (TypeScript, a
 * MirroredVolume of the dynamic provider) is up; then
 *   1. `pulumi state delete <MirroredVolume urn> --target-dependents` forgets the component and the
 *      resources under it (nothing is called on the arrays), then the unused pulumi-nodejs default provider;
 *   2. the project becomes a YAML program (same project name, same stack and config) with no resources;
 *   3. `pulumi import --file` adopts the volume (`site-b/<volume_id>`) and the session
 *      (`site-a/<copysession_id>`), ids taken from the old stack outputs, and writes the YAML for them;
 *   4. that YAML as the program: preview shows no changes, up and refresh change nothing.
 * Every request the simulators saw from step 1 on is a read or a login/logout: zero mutating requests.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { cleanupAfterSuite, PLUGIN_BLOCK, pluginProject } from "./helpers/plugin";
import { stageProject } from "./helpers/project";
import { startE2eSimulator, type E2eSim } from "./helpers/sim";
import { assertNoChanges, E2E_ARRAY_PASSWORD } from "./helpers/suite";
import type { PulumiProject } from "../helpers/pulumi-cli";

/** A simulator log line of a request that changes something on an array (not a login or logout). */
const MUTATING = /^site-[ab] (POST|PUT|PATCH|DELETE) (\S+)/;
const isLogin = (p: string) => /\/session(\/|$)/.test(p);

describe("e2e: moving a stack from the dynamic resources to the plugin's, touching no array", function () {
  this.timeout(15 * 60_000);
  let sim: E2eSim;
  let p: PulumiProject;
  let dir: string;
  let workDir: string;
  let projectName = "";
  const simLog: string[] = [];
  let ids: { volumeId: number; copySessionId: number };
  let fromStep1 = 0;

  const mutating = (lines: string[]) => lines.map((l) => MUTATING.exec(l)).filter((m): m is RegExpExecArray => !!m && !isLogin(m[2])).map((m) => m[0]);
  const resources = async () => (await p.exportState()).deployment.resources ?? [];

  before(async function () {
    ({ p, dir, workDir } = pluginProject(this, "plugin-migrate", "pulumi-language-nodejs", "pulumi-language-yaml"));
    // The TypeScript program first (the Node.js host), then the YAML one: pluginProject puts both on PATH.
    projectName = stageProject(".", workDir).name;
    sim = await startE2eSimulator(path.join(workDir, "sim"), { password: E2E_ARRAY_PASSWORD, log: (l) => simLog.push(l) });
    await p.init();
    await p.configureArrays(sim.arrays, { password: E2E_ARRAY_PASSWORD });
    await p.up();
    const o = await p.outputs();
    ids = { volumeId: o.mirrorVolumeId as number, copySessionId: o.copySessionId as number };
    assert.strictEqual(o.phase, "Equivalent");
    fromStep1 = simLog.length;
  });
  cleanupAfterSuite("plugin-migrate", () => ({ workDir, close: async () => { await sim?.close(); } }));

  it("1. state delete of the MirroredVolume with --target-dependents, then the pulumi-nodejs provider: no dynamic resource left", async () => {
    const component = (await resources()).find((r) => String(r.type).endsWith(":MirroredVolume"));
    assert.ok(component, "the quick start's MirroredVolume is in state");
    await p.run(["state", "delete", String(component.urn), "--target-dependents", "--yes", "--stack", p.stack]);
    const provider = (await resources()).find((r) => r.type === "pulumi:providers:pulumi-nodejs");
    if (provider) await p.run(["state", "delete", String(provider.urn), "--yes", "--stack", p.stack]);
    assert.deepStrictEqual((await resources()).map((r) => r.type), ["pulumi:pulumi:Stack"]);
  });

  it("2-3. the YAML program with no resources; pulumi import --file adopts the volume and the session by id", async () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${projectName}\nruntime: yaml\n${PLUGIN_BLOCK}resources: {}\n`);
    const file = path.join(workDir, "import.json");
    fs.writeFileSync(file, JSON.stringify({
      resources: [
        { type: "eternus:index:RemoteVolume", name: "mirror", id: `site-b/${ids.volumeId}` },
        { type: "eternus:index:RecSyncSession", name: "rec", id: `site-a/${ids.copySessionId}` },
      ],
    }));
    const out = path.join(workDir, "imported.yaml");
    await p.run(["import", "--file", file, "--yes", "--protect=false", "--out", out, "--stack", p.stack]);
    const code = fs.readFileSync(out, "utf8");
    // The session names the volume by reference (not the literal id the CLI wrote), as the program had it.
    const body = code.replace(/^resources:\s*\n/m, "").replace(`destinationVolumeId: ${ids.volumeId}`, "destinationVolumeId: ${mirror.volumeId}");
    assert.notStrictEqual(body, code.replace(/^resources:\s*\n/m, ""), "the generated session names the volume id");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${projectName}\nruntime: yaml\n${PLUGIN_BLOCK}resources:\n${body}`);
    const state = await resources();
    assert.strictEqual(state.find((r) => String(r.urn).endsWith("::mirror"))?.id, String(ids.volumeId));
    assert.strictEqual(state.find((r) => String(r.urn).endsWith("::rec"))?.outputs.phase, "Equivalent");
  });

  it("4. preview shows no changes; up and refresh change nothing", async () => {
    assertNoChanges(await p.preview(), "after the move");
    await p.up();
    await p.refreshExpectNoChanges();
  });

  it("no mutating request reached the arrays from step 1 on (logins aside); the mirror is as it was", async () => {
    assert.ok(mutating(simLog.slice(0, fromStep1)).some((l) => l.startsWith("site-a POST")), "the count sees the first up's writes");
    assert.deepStrictEqual(mutating(simLog.slice(fromStep1)), []);
    assert.ok(simLog.length > fromStep1, "the steps did talk to the arrays (reads and logins)");
    const sessions = await sim.api("site-a").sessions();
    assert.deepStrictEqual(sessions.map((s) => [s.copysession_id, s.phase]), [[ids.copySessionId, "Equivalent"]]);
  });

  it("the plugin's resources now own the mirror: destroy deletes the session and the volume", async () => {
    await p.destroy();
    assert.deepStrictEqual(await sim.api("site-a").sessions(), []);
    assert.strictEqual((await sim.api("site-b").volumes()).some((v) => v.volume_id === ids.volumeId), false);
  });
});
