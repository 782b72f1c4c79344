/**
 * `pulumi import` with the provider plugin and a YAML program, against the simulator: a mirror volume and
 * its REC session made outside Pulumi (through the arrays' REST API) are imported by id (RemoteVolume
 * `<array>/<volume_id>`, RecSyncSession `<sourceArray>/<copysession_id>`); the YAML the CLI generates,
 * put into the program, previews with no changes; up records the dependencies and touches nothing; refresh
 * changes nothing; destroy deletes both. Then a consistency group of two sessions made outside Pulumi,
 * imported as RecSessionGroup `<sourceArray>/<id>,<id>`: the generated YAML previews and refreshes clean,
 * destroy deletes the two sessions.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { cleanupAfterSuite, PLUGIN_BLOCK, pluginProject } from "./helpers/plugin";
import { createExternalMirror, importOne } from "./helpers/import";
import { eventually, startE2eSimulator, type E2eSim } from "./helpers/sim";
import { assertNoChanges, E2E_ARRAY_PASSWORD } from "./helpers/suite";
import type { PulumiProject } from "../helpers/pulumi-cli";
import { SimRest } from "../helpers/sim-rest";

const HEADER = `name: plugin-import
runtime: yaml
${PLUGIN_BLOCK}`;

describe("e2e: pulumi import with the provider plugin (YAML)", function () {
  this.timeout(15 * 60_000);
  let sim: E2eSim;
  let p: PulumiProject;
  let dir: string;
  let workDir: string;
  let volumeId: number;
  let copySessionId: number;
  const generated: string[] = [];

  before(async function () {
    ({ p, dir, workDir } = pluginProject(this, "plugin-import", "pulumi-language-yaml"));
    sim = await startE2eSimulator(path.join(workDir, "sim"), { password: E2E_ARRAY_PASSWORD });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${HEADER}resources: {}\n`);
    await p.init();
    await p.configureArrays(sim.arrays, { password: E2E_ARRAY_PASSWORD });
    // Outside Pulumi: a mirror volume on site-b and a synchronous REC session from business_vol01 to it.
    ({ volumeId, copySessionId } = await createExternalMirror(sim));
  });
  cleanupAfterSuite("plugin-import", () => ({ workDir, close: async () => { await sim?.close(); } }));

  const importYaml = (type: string, name: string, id: string) => importOne(p, type, name, id, path.join(workDir, `${name}.yaml`));

  it("imports the volume by <array>/<volume_id>; the state's id is the volume_id", async () => {
    const code = await importYaml("eternus:index:RemoteVolume", "mirror", `site-b/${volumeId}`);
    assert.match(code, /capacityMb: 10240/);
    assert.doesNotMatch(code, /resourceName|resourceUrn|providerVersion/, "no bookkeeping in the generated program");
    generated.push(code);
    const state = await p.exportState();
    const vol = (state.deployment.resources ?? []).find((r) => String(r.urn).endsWith("::mirror"));
    assert.strictEqual(vol?.id, String(volumeId));
    assert.strictEqual(vol?.outputs.boxId, sim.arrays[1].boxId);
  });

  it("imports the session by <sourceArray>/<copysession_id>; the destination array is found by its box id", async () => {
    const code = await importYaml("eternus:index:RecSyncSession", "rec", `site-a/${copySessionId}`);
    assert.match(code, /destinationArray: site-b/);
    assert.match(code, new RegExp(`destinationVolumeId: ${volumeId}`));
    generated.push(code);
    const state = await p.exportState();
    const rec = (state.deployment.resources ?? []).find((r) => String(r.urn).endsWith("::rec"));
    assert.strictEqual(rec?.id, `site-a/${copySessionId}`);
    assert.strictEqual(rec?.outputs.phase, "Equivalent");
  });

  it("the generated YAML as the program: preview shows no changes, up changes nothing on the arrays, refresh changes nothing", async () => {
    // The session names the volume by reference (not the literal id the CLI wrote), so destroy deletes it first.
    const body = generated.map((g) => g.replace(/^resources:\s*\n/m, "")).join("").replace(`destinationVolumeId: ${volumeId}`, "destinationVolumeId: ${mirror.volumeId}");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${HEADER}resources:\n${body}`);
    assertNoChanges(await p.preview(), "after import");
    const before = JSON.stringify([await sim.api("site-a").sessions(), await sim.api("site-b").volumes()].map((l) => l.length));
    // Records the program's dependencies (the session on the volume), so destroy deletes in order.
    await p.up();
    assert.strictEqual(JSON.stringify([await sim.api("site-a").sessions(), await sim.api("site-b").volumes()].map((l) => l.length)), before);
    await p.refreshExpectNoChanges();
  });

  it("destroy deletes the imported session and volume on the arrays", async () => {
    await p.destroy();
    assert.deepStrictEqual(await sim.api("site-a").sessions(), []);
    assert.strictEqual(await sim.api("site-b").volumeByName("ext_mirror"), undefined);
  });

  it("imports a consistency group by <sourceArray>/<id>,<id>; the generated YAML previews and refreshes clean; destroy deletes its sessions", async () => {
    const [a, b] = sim.arrays;
    const ids: number[] = [];
    for (const name of ["grp_1", "grp_2"]) {
      const source = SimRest.createdId(await sim.api("site-a").job("POST", "/volume", { name, capacity: 1024, tpp_id: 0 }));
      const mirror = SimRest.createdId(await sim.api("site-b").job("POST", "/volume", { name: `${name}_m`, capacity: 1024, tpp_id: 0 }));
      ids.push(SimRest.createdId(await sim.api("site-a").job("POST", "/copysession/rec", {
        source_volume_id: source, destination_volume_id: mirror, source_boxid: a.boxId, destination_boxid: b.boxId, transfer_mode: "Synchronous",
      })));
    }
    await eventually("both Equivalent", () => sim.api("site-a").sessions(), (l) => l.filter((s) => ids.includes(s.copysession_id) && s.phase === "Equivalent").length === 2, 60_000);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${HEADER}resources: {}\n`);
    const code = await importYaml("eternus:index:RecSessionGroup", "app", `site-a/${ids.join(",")}`);
    assert.match(code, /destinationArray: site-b/);
    assert.doesNotMatch(code, /resourceName|resourceUrn|providerVersion/);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${HEADER}${code}`);
    assertNoChanges(await p.preview(), "after the group import");
    await p.refreshExpectNoChanges();
    await p.destroy();
    assert.deepStrictEqual(await sim.api("site-a").sessions(), []);
    assert.ok(await sim.api("site-b").volumeByName("grp_1_m"), "a group's delete keeps the mirror volumes");
  });
});
