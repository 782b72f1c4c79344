/**
 * A Go program on the generated Go SDK (examples/go-mirror, `npm run sdk` output) under the real engine,
 * with this project's Go language host (tools/pulumi-cli/cmd/pulumi-language-go; Pulumi's own is not
 * served by the Go module proxy here) and the provider plugin, against the simulator: up makes the mirror
 * volume and an Equivalent session, and a MirroredVolume component (built by the plugin's Construct) makes
 * its own; a second preview shows no changes; destroy removes all of them.
 *
 * No Go toolchain: the suite is SKIPPED with a banner; under CI (CI=true) it FAILS.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { cleanupAfterSuite, PLUGIN_BLOCK, pluginProject } from "./helpers/plugin";
import { startE2eSimulator, type E2eSim } from "./helpers/sim";
import { assertNoChanges, E2E_ARRAY_PASSWORD } from "./helpers/suite";
import { REPO_ROOT } from "./helpers/cli";
import { requireGo, stageGoProject } from "./helpers/go";
import type { PulumiProject } from "../helpers/pulumi-cli";

const EXAMPLE = path.join(REPO_ROOT, "examples/go-mirror");

describe("e2e: a Go program on the generated Go SDK (examples/go-mirror)", function () {
  this.timeout(15 * 60_000);
  let sim: E2eSim;
  let p: PulumiProject;
  let workDir: string;

  before(async function () {
    let dir: string;
    requireGo(this, "plugin-go"); // before the work folder is made
    ({ p, dir, workDir } = pluginProject(this, "plugin-go", "pulumi-language-go"));
    // The SDK from the committed schema, into this run's folder; the example's replace points there.
    await stageGoProject(dir, workDir);
    fs.copyFileSync(path.join(EXAMPLE, "main.go"), path.join(dir, "main.go"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: go-mirror\nruntime: go\n${PLUGIN_BLOCK}`);
    sim = await startE2eSimulator(path.join(workDir, "sim"), { password: E2E_ARRAY_PASSWORD });
    await sim.api("site-a").job("POST", "/volume", { name: "go_app_data", capacity: 1024, tpp_id: 0 });
    await p.init();
    await p.configureArrays(sim.arrays, { password: E2E_ARRAY_PASSWORD });
  });
  cleanupAfterSuite("plugin-go", () => ({ workDir, close: async () => { await sim?.close(); } }));

  it("up creates the mirror volume and an Equivalent synchronous session, and the MirroredVolume component's", async () => {
    await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.phase, "Equivalent");
    assert.strictEqual(o.dbPhase, "Equivalent");
    const vol = await sim.api("site-b").volumeByName("business_vol01_m");
    assert.strictEqual(vol?.volume_id, o.mirrorVolumeId);
    assert.strictEqual((await sim.api("site-b").volumeByName("db"))?.volume_id, o.dbMirrorVolumeId, "the component's mirror is named after it");
    const sessions = (await sim.api("site-a").sessions()).map((s) => [s.copysession_id, s.transfer_mode]);
    assert.deepStrictEqual(sessions.sort(), [[o.copySessionId, "Synchronous"], [o.dbSessionId, "Synchronous"]].sort());
  });

  it("a second preview shows no changes", async () => {
    assertNoChanges(await p.preview(), "after up");
  });

  it("destroy removes the session and the mirror volume", async () => {
    await p.destroy();
    assert.deepStrictEqual(await sim.api("site-a").sessions(), []);
    assert.strictEqual(await sim.api("site-b").volumeByName("business_vol01_m"), undefined);
    assert.strictEqual(await sim.api("site-b").volumeByName("db"), undefined);
  });
});
