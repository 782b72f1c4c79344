/**
 * `pulumi import` in a Go project on the generated Go SDK, with this project's Go language host
 * (tools/pulumi-cli/cmd/pulumi-language-go, GenerateProgram through Pulumi's pkg/codegen/go) and the provider
 * plugin, against the simulator: a mirror volume and its REC session made outside Pulumi are imported by id;
 * each import writes a whole Go program (`--out`) that vets against the SDK; the two, joined into the
 * project's main.go (the session naming the volume's output instead of the literal id), build, vet and
 * preview with no changes; destroy deletes both on the arrays.
 *
 * No Go toolchain: the suite is SKIPPED with a banner; under CI (CI=true) it FAILS.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { cleanupAfterSuite, PLUGIN_BLOCK, pluginProject } from "./helpers/plugin";
import { goIn, requireGo, stageGoProject } from "./helpers/go";
import { createExternalMirror, importOne, type ExternalMirror } from "./helpers/import";
import { startE2eSimulator, type E2eSim } from "./helpers/sim";
import { assertNoChanges, E2E_ARRAY_PASSWORD } from "./helpers/suite";
import type { PulumiProject } from "../helpers/pulumi-cli";

const SDK_IMPORT = `"github.com/pulumi-eternus-rec/sdk/go/eternus"`;
/** A program with no resources: what the project holds before the imports. */
const EMPTY_PROGRAM = `package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error { return nil })
}
`;

/** The statements inside a generated program's pulumi.Run callback (before its final `return nil`). */
function runBody(program: string): string {
  const m = /pulumi\.Run\(func\(ctx \*pulumi\.Context\) error \{\n([\s\S]*?)\n\s*return nil\n\s*\}\)/.exec(program);
  assert.ok(m, `no pulumi.Run callback in the generated program:\n${program}`);
  return m[1];
}

describe("e2e: pulumi import with the provider plugin (Go program on the generated SDK)", function () {
  this.timeout(15 * 60_000);
  let sim: E2eSim;
  let p: PulumiProject;
  let dir: string;
  let workDir: string;
  let ext: ExternalMirror;
  const generated: Record<string, string> = {};

  before(async function () {
    requireGo(this, "plugin-import-go"); // before the work folder is made
    ({ p, dir, workDir } = pluginProject(this, "plugin-import-go", "pulumi-language-go"));
    await stageGoProject(dir, workDir);
    fs.writeFileSync(path.join(dir, "main.go"), EMPTY_PROGRAM);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: plugin-import-go\nruntime: go\n${PLUGIN_BLOCK}`);
    sim = await startE2eSimulator(path.join(workDir, "sim"), { password: E2E_ARRAY_PASSWORD });
    await p.init();
    await p.configureArrays(sim.arrays, { password: E2E_ARRAY_PASSWORD });
    ext = await createExternalMirror(sim);
  });
  cleanupAfterSuite("plugin-import-go", () => ({ workDir, close: async () => { await sim?.close(); } }));

  /** The generated program, alone as the package in a folder of the module: go vet type-checks it against the SDK. */
  async function vetAlone(name: string, code: string): Promise<void> {
    const pkg = path.join(dir, "generated", name);
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, "main.go"), code);
    await goIn(dir, "vet", `./generated/${name}`);
    fs.rmSync(path.join(dir, "generated"), { recursive: true, force: true });
  }

  it("imports the volume by <array>/<volume_id>: Go code on the SDK's NewRemoteVolume that vets", async () => {
    const code = await importOne(p, "eternus:index:RemoteVolume", "mirror", `site-b/${ext.volumeId}`, path.join(workDir, "mirror.go"));
    assert.ok(code.includes(SDK_IMPORT), code);
    assert.match(code, /eternus\.NewRemoteVolume\(ctx, "mirror", &eternus\.RemoteVolumeArgs\{/);
    assert.match(code, /Array:\s+pulumi\.String\("site-b"\)/);
    assert.match(code, new RegExp(`Name:\\s+pulumi\\.String\\("${ext.volumeName}"\\)`));
    assert.match(code, /CapacityMb:\s+pulumi\.Int\(10240\)/);
    assert.doesNotMatch(code, /ResourceName|ResourceUrn|ProviderVersion/, "no bookkeeping in the generated program");
    await vetAlone("mirror", code);
    generated.mirror = code;
    const vol = (await p.exportState()).deployment.resources?.find((r) => String(r.urn).endsWith("::mirror"));
    assert.strictEqual(vol?.id, String(ext.volumeId));
  });

  it("imports the session by <sourceArray>/<copysession_id>: Go code on the SDK's NewRecSyncSession that vets", async () => {
    const code = await importOne(p, "eternus:index:RecSyncSession", "rec", `site-a/${ext.copySessionId}`, path.join(workDir, "rec.go"));
    assert.ok(code.includes(SDK_IMPORT), code);
    assert.match(code, /eternus\.NewRecSyncSession\(ctx, "rec", &eternus\.RecSyncSessionArgs\{/);
    assert.match(code, /SourceArray:\s+pulumi\.String\("site-a"\)/);
    assert.match(code, /DestinationArray:\s+pulumi\.String\("site-b"\)/);
    assert.match(code, new RegExp(`DestinationVolumeId:\\s+pulumi\\.Int\\(${ext.volumeId}\\)`));
    await vetAlone("rec", code);
    generated.rec = code;
    const rec = (await p.exportState()).deployment.resources?.find((r) => String(r.urn).endsWith("::rec"));
    assert.strictEqual(rec?.id, `site-a/${ext.copySessionId}`);
  });

  it("the two generated programs joined as main.go: go build and go vet pass, preview shows no changes", async () => {
    assert.ok(generated.mirror && generated.rec, "both imports ran");
    // As a user would join them: the volume kept in a variable, the session naming its volumeId output (so
    // the engine orders the session's delete before the volume's), one `err` declared once.
    const mirrorBody = runBody(generated.mirror).replace(/_, err := eternus\.NewRemoteVolume\(/, "mirror, err := eternus.NewRemoteVolume(");
    const recBody = runBody(generated.rec)
      .replace(/_, err := eternus\.NewRecSyncSession\(/, "_, err = eternus.NewRecSyncSession(")
      .replace(new RegExp(`(DestinationVolumeId:\\s+)pulumi\\.Int\\(${ext.volumeId}\\)`), "$1mirror.VolumeId");
    assert.match(mirrorBody, /mirror, err :=/);
    assert.match(recBody, /_, err = eternus\.NewRecSyncSession/);
    assert.match(recBody, /DestinationVolumeId:\s+mirror\.VolumeId/);
    const main = generated.mirror.replace(runBody(generated.mirror), `${mirrorBody}\n${recBody}`);
    fs.writeFileSync(path.join(dir, "main.go"), main);
    await goIn(dir, "build", "-o", path.join(workDir, "program"), ".");
    await goIn(dir, "vet", ".");
    assertNoChanges(await p.preview(), "after import");
  });

  it("up records the program's dependencies and changes nothing on the arrays; destroy deletes both", async () => {
    const count = async () => [(await sim.api("site-a").sessions()).length, (await sim.api("site-b").volumes()).length];
    const before = await count();
    await p.up();
    assert.deepStrictEqual(await count(), before);
    await p.destroy();
    assert.deepStrictEqual(await sim.api("site-a").sessions(), []);
    assert.strictEqual(await sim.api("site-b").volumeByName(ext.volumeName), undefined);
  });
});
