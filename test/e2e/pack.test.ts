/**
 * As users install it: `npm pack`, the tarball installed with npm into a fresh project folder OUTSIDE the
 * repository (so nothing can resolve from the repository's node_modules), the sync-mirror program copied in,
 * the simulator started from the installed package's `eternus-sim` bin, then up/destroy with the real CLI.
 * This proves the `files`/`exports`/`bin` fields and that the serialized provider's
 * require("pulumi-eternus-rec/dist/provider/...") resolves from the user's project.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn, execFile, ChildProcess } from "child_process";
import { promisify } from "util";
import { REPO_ROOT, requirePulumiCli } from "./helpers/cli";
import { PulumiProject } from "../helpers/pulumi-cli";
import { withMain, filesContaining } from "./helpers/project";
import { ArrayApi } from "./helpers/sim";

const run = promisify(execFile);
const SDK_RANGE = "~3.248.0";

interface PackFile { path: string; size: number }

describe("e2e: the npm pack tarball, installed into a fresh project", function () {
  this.timeout(15 * 60_000);
  let binDir = "";
  let tmp = "";
  let tarball = "";
  let files: PackFile[] = [];
  let project = "";
  let sim: ChildProcess | undefined;
  let arrays: Array<{ name: string; url: string; boxId: string; caCertFile: string | null }> = [];
  let p: PulumiProject;
  let failed = false;

  before(async function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eternus-pack-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
    const info = JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{ filename: string; files: PackFile[] }>;
    tarball = path.join(tmp, info[0].filename);
    files = info[0].files;
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed") failed = true;
  });

  after(async function () {
    if (sim && sim.exitCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => sim!.kill("SIGKILL"), 5000);
        sim!.once("exit", () => { clearTimeout(t); resolve(); });
        sim!.kill("SIGTERM");
      });
    }
    if (!tmp) return;
    if (failed) process.stdout.write(`      [e2e] pack: kept ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the tarball holds the build, types, the provider plugin, README and LICENSE, and no tests or tool sources", function () {
    const names = files.map((f) => f.path);
    for (const must of [
      "package.json", "README.md", "LICENSE",
      "dist/provider/index.js", "dist/provider/index.d.ts",
      "dist/provider/resources/remote-volume-impl.js", "dist/provider/resources/rec-sync-session-impl.js",
      "dist/simulator/index.js", "dist/simulator/index.d.ts", "dist/simulator/cli.js",
      // The provider plugin for YAML, Go and Python programs (plugins.providers[].path: <package>/bin).
      "bin/pulumi-resource-eternus", "dist/provider/plugin/main.js", "dist/provider/plugin/schema.json", "dist/provider/plugin/construct.js",
    ]) {
      assert.ok(names.includes(must), `tarball lacks ${must}`);
    }
    const forbidden = names.filter((n) =>
      /^dist\/(test|bench|examples)\//.test(n) || /^(test|tools|scripts|bench|examples|\.tools|\.ci)\//.test(n) ||
      /^(provider|simulator)\//.test(n) || n === "dist/index.js" || /\.tsbuildinfo/.test(n) || /^Pulumi\./.test(n));
    assert.deepStrictEqual(forbidden, [], "tests, sources of tools, the quick-start program or build caches in the tarball");
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    assert.strictEqual(pkg.license, "Apache-2.0");
    assert.match(fs.readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8"), /Apache License/);
  });

  it("installs from the tarball with npm into a fresh folder (a real copy, not a link)", async function () {
    project = path.join(tmp, "infra");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "my-infra", version: "1.0.0", private: true }, null, 2));
    await run("npm", ["install", tarball, `@pulumi/pulumi@${SDK_RANGE}`, "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: project, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000,
    });
    const installed = path.join(project, "node_modules", "pulumi-eternus-rec");
    assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "installed as a copy");
    assert.ok(!fs.realpathSync(installed).startsWith(REPO_ROOT), "resolves outside the repository");
    // Resolved from a process whose cwd is the project (as the plugin does); not from this file, which sits
    // inside the package itself and would self-resolve.
    const { stdout: where } = await run(process.execPath, ["-e",
      "console.log(require.resolve('pulumi-eternus-rec/dist/provider/resources/remote-volume-impl.js', {paths: [process.cwd()]}))"], { cwd: project });
    assert.ok(where.trim().startsWith(fs.realpathSync(project)), where);
    // The `exports` map: the entry point and the simulator entry point.
    const { stdout } = await run(process.execPath, ["-e",
      "const m=require('pulumi-eternus-rec');const s=require('pulumi-eternus-rec/simulator');" +
      "console.log(JSON.stringify([typeof m.MirroredVolume, typeof m.RemoteVolume, typeof m.RecSyncSession, typeof s.startSimulator]))"], { cwd: project });
    assert.deepStrictEqual(JSON.parse(stdout), ["function", "function", "function", "function"]);
  });

  it("the installed eternus-sim bin starts the simulator", async function () {
    assert.ok(project, "needs the install");
    const bin = path.join(project, "node_modules", ".bin", "eternus-sim");
    assert.ok(fs.existsSync(bin), "node_modules/.bin/eternus-sim");
    const child = spawn(bin, ["--tls-dir", path.join(tmp, "tls"), "--copy-rate", "20000", "--job-latency-ms", "10"], {
      cwd: project, stdio: ["ignore", "pipe", fs.openSync(path.join(tmp, "simulator.log"), "w")],
    });
    sim = child;
    const line = await new Promise<string>((resolve, reject) => {
      let buf = "";
      const t = setTimeout(() => reject(new Error("eternus-sim printed nothing within 30 s")), 30_000);
      child.on("exit", (code) => { clearTimeout(t); reject(new Error(`eternus-sim exited ${code}`)); });
      child.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        const nl = buf.indexOf("\n");
        if (nl >= 0) { clearTimeout(t); child.removeAllListeners("exit"); resolve(buf.slice(0, nl)); }
      });
    });
    arrays = JSON.parse(line).arrays;
    assert.deepStrictEqual(arrays.map((a) => a.name), ["site-a", "site-b"]);
  });

  describe("with the real Pulumi CLI", function () {
    before(function () {
      binDir = requirePulumiCli(this, "pack");
    });

    it("the sync-mirror program runs from the installed package: up, no-change preview, destroy", async function () {
      assert.ok(arrays.length, "needs the simulator");
      fs.copyFileSync(path.join(REPO_ROOT, "dist", "examples", "sync-mirror", "index.js"), path.join(project, "index.js"));
      const yaml = fs.readFileSync(path.join(REPO_ROOT, "examples", "sync-mirror", "Pulumi.yaml"), "utf8");
      fs.writeFileSync(path.join(project, "Pulumi.yaml"), withMain(yaml, "index.js"));
      p = new PulumiProject({ projectDir: project, workDir: path.join(tmp, "pulumi"), binDir, stack: "site" });
      await p.init();
      await p.configureArrays(arrays);
      await p.up();
      const o = await p.outputs();
      assert.strictEqual(o.phase, "Equivalent");
      const pv = await p.preview();
      assert.deepStrictEqual(pv.steps.filter((s) => s.op !== "same").map((s) => [s.op, s.urn]), []);

      // The state's provider code loads the implementation by package name, and no path of the repository
      // leaked into it.
      const exp = JSON.stringify(await p.exportState());
      assert.match(exp, /require\(\\"pulumi-eternus-rec\/provider-entry\\"\)/, "stored shells require only the permanent entry");
      assert.deepStrictEqual(filesContaining(p.backendDir, REPO_ROOT), [], "a repository path in the state");

      await p.destroy();
      const api = (name: string) => {
        const a = arrays.find((x) => x.name === name)!;
        return new ArrayApi({ ...a, caCertPem: a.caCertFile ? fs.readFileSync(a.caCertFile, "utf8") : null }, "root", "root");
      };
      const siteA = api("site-a");
      const siteB = api("site-b");
      try {
        assert.deepStrictEqual((await siteB.volumes()).map((v) => v.name), []);
        assert.deepStrictEqual((await siteA.volumes()).map((v) => v.name), ["business_vol01"]);
        assert.deepStrictEqual(await siteA.sessions(), []);
      } finally {
        await siteA.close();
        await siteB.close();
      }
    });
  });
});
