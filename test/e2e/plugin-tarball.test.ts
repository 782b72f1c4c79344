/**
 * The provider plugin's release tarball (scripts/pack-plugin.sh) as a Python, Go or YAML user takes it: built
 * from the compiled tree the tests run, `pulumi plugin install resource eternus <version> --file <tarball>`
 * into a temporary PULUMI_HOME, then a YAML program with NO plugins.providers[].path creates and destroys a
 * mirror (RemoteVolume + RecSyncSession) against the simulator through the installed plugin. The resources
 * ask for the plugin's version (the `version` option), as the generated Go and Python SDKs do.
 *
 * The work folder (and so PULUMI_HOME and the installed plugin) is outside the repository, where node finds
 * no node_modules above it: a package missing from the tarball fails the plugin's start. Plugins on PATH are
 * ignored (PULUMI_IGNORE_AMBIENT_PLUGINS), and a preview before the install must fail for want of the plugin.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import { cleanupAfterSuite, mirrorResourcesYaml, pluginProjectIn } from "./helpers/plugin";
import { startE2eSimulator, type E2eSim } from "./helpers/sim";
import { assertNoChanges, E2E_ARRAY_PASSWORD } from "./helpers/suite";
import { REPO_ROOT, type PulumiProject } from "../helpers/pulumi-cli";

const run = promisify(execFile);
const SUITE = "plugin-tarball";
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

const PROGRAM = `name: plugin-tarball
runtime: yaml
${mirrorResourcesYaml({ mirrorOptions: [`version: ${VERSION}`], recOptions: [`version: ${VERSION}`] })}  db:
    type: eternus:index:MirroredVolume
    properties:
      source: { array: site-a, volumeId: 100000 }
      destination: { array: site-b, tppId: 0, name: db_mirror }
    options:
      version: ${VERSION}
outputs:
  dbSessionId: \${db.copySessionId}
  copySessionId: \${rec.copySessionId}
  phase: \${rec.phase}
  mirrorVolumeId: \${mirror.volumeId}
`;

/** The folders from `dir` up to the file-system root that hold a node_modules (node would look there). */
function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "node_modules"))) found.push(d);
    if (d === path.dirname(d)) return found;
  }
}

interface TarEntry { type: string; name: string }

/** `tar tzvf`: the first character of the mode is the entry type ('-' file, 'd' folder, 'l' symlink, 'h' hard link). */
async function tarEntries(tarball: string): Promise<TarEntry[]> {
  const { stdout } = await run("tar", ["tzvf", tarball], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split("\n").filter(Boolean).map((line) => {
    const name = line.split(/\s+/).slice(5).join(" ");
    return { type: line[0]!, name: name.replace(/^\.\//, "") };
  });
}

describe("e2e: the provider plugin's release tarball, installed with pulumi plugin install", function () {
  this.timeout(15 * 60_000);
  let sim: E2eSim | undefined;
  let p: PulumiProject;
  let dir: string;
  let workDir: string | undefined;
  let tarball: string;

  before(async function () {
    ({ p, dir, workDir } = pluginProjectIn(this, SUITE, {
      workDir: () => fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "eternus-plugin-tarball-")),
      hosts: ["pulumi-language-yaml"],
      env: { PULUMI_IGNORE_AMBIENT_PLUGINS: "true", NODE_PATH: "" },
    }));
    // Built from dist/ as compiled for this test run (the script's default also runs npm run build first).
    const { stdout } = await run("bash", [path.join(REPO_ROOT, "scripts/pack-plugin.sh"), "--no-build", "--out", path.join(workDir, "release")], { cwd: REPO_ROOT });
    tarball = stdout.trim().split(" ")[0]!;
    process.stdout.write(`      [e2e] ${SUITE}: ${stdout.trim()}\n`);
    sim = await startE2eSimulator(path.join(workDir, "sim"), { password: E2E_ARRAY_PASSWORD });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), PROGRAM);
    await p.init();
    await p.configureArrays(sim.arrays, { password: E2E_ARRAY_PASSWORD });
  });
  cleanupAfterSuite(SUITE, () => ({ workDir, close: async () => { await sim?.close(); } }));

  it("the tarball is named for the version and holds the executable wrapper at its root, the plugin and its run-time modules, with no links", async () => {
    assert.strictEqual(path.basename(tarball), `pulumi-resource-eternus-v${VERSION}-linux-amd64.tar.gz`);
    const entries = await tarEntries(tarball);
    const byName = new Map(entries.map((e) => [e.name.replace(/\/$/, ""), e]));
    const links = entries.filter((e) => e.type !== "-" && e.type !== "d");
    assert.deepStrictEqual(links, [], "only files and folders (the engine refuses links)");
    assert.strictEqual(byName.get("pulumi-resource-eternus")?.type, "-");
    for (const must of ["package.json", "LICENSE", "dist/provider/plugin/main.js", "dist/provider/plugin/schema.json",
      "node_modules/@pulumi/pulumi/package.json", "node_modules/@grpc/grpc-js/package.json", "node_modules/google-protobuf/package.json",
      "node_modules/undici/package.json", "node_modules/zod/package.json"]) {
      assert.ok(byName.has(must), `tarball lacks ${must}`);
    }
    const unwanted = entries.map((e) => e.name).filter((n) =>
      /^dist\/(simulator|test|bench|examples)\//.test(n) || /^node_modules\/(typescript|mocha|fast-check|node-forge|pulumi-eternus-rec)\//.test(n) ||
      (/\.(map|d\.ts)$/.test(n) && !n.includes("/vendor/")));
    assert.deepStrictEqual(unwanted.slice(0, 10), [], "no simulator, tests, dev-only packages, declarations or source maps");
  });

  it("the work folder is outside the repository, with no node_modules above it; without the plugin installed, preview fails", async () => {
    assert.ok(!workDir!.startsWith(REPO_ROOT + path.sep), `${workDir} is inside the repository`);
    assert.deepStrictEqual(nodeModulesAbove(workDir!), [], "node would resolve modules from there");
    const r = await p.run(["preview", "--stack", p.stack], { allowFailure: true });
    assert.notStrictEqual(r.code, 0, "nothing may serve eternus before the install");
    assert.match(r.stdout + r.stderr, /no resource plugin 'pulumi-resource-eternus' found/);
  });

  it("pulumi plugin install resource eternus <version> --file installs it into the temporary PULUMI_HOME", async () => {
    await p.run(["plugin", "install", "resource", "eternus", VERSION, "--file", tarball]);
    const installed = path.join(p.homeDir, "plugins", `resource-eternus-v${VERSION}`);
    assert.ok(fs.statSync(path.join(installed, "pulumi-resource-eternus")).mode & 0o100, "the wrapper is executable");
    const ls = JSON.parse((await p.run(["plugin", "ls", "--json"])).stdout) as Array<{ name: string; kind: string; version: string }>;
    assert.deepStrictEqual(ls.filter((x) => x.name === "eternus").map((x) => `${x.kind} ${x.version}`), [`resource ${VERSION}`]);
  });

  it("the YAML program without plugins.providers[].path creates the mirror (resources and a MirroredVolume component) through the installed plugin; preview then shows no changes", async () => {
    await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.phase, "Equivalent");
    const vol = await sim!.api("site-b").volumeByName("business_vol01_m");
    assert.strictEqual(vol?.volume_id, o.mirrorVolumeId);
    assert.deepStrictEqual((await sim!.api("site-a").sessions()).map((s) => s.copysession_id).sort(), [o.copySessionId, o.dbSessionId].sort());
    assert.ok(await sim!.api("site-b").volumeByName("db_mirror"), "the component's mirror volume (Construct runs from the tarball's modules)");
    const state = await p.exportState();
    const providers = (state.deployment.resources ?? []).filter((r) => String(r.type) === "pulumi:providers:eternus");
    assert.deepStrictEqual(providers.map((r) => `${String(r.urn).split("::").pop()} ${r.inputs?.version}`), [`default_${VERSION.replace(/\./g, "_")} ${VERSION}`],
      "one default provider, of the version the program asks for");
    assertNoChanges(await p.preview(), "after up");
  });

  it("destroy removes the session and the mirror volume", async () => {
    await p.destroy();
    assert.deepStrictEqual(await sim!.api("site-a").sessions(), []);
    assert.strictEqual(await sim!.api("site-b").volumeByName("business_vol01_m"), undefined);
    assert.strictEqual(await sim!.api("site-b").volumeByName("db_mirror"), undefined);
  });
});
