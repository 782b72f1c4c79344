/**
 * The tarball from a checkout that was never built: `git clone` of the repository (committed HEAD) into a
 * temporary folder, `npm ci`, `npm pack`. `dist/` does not exist before the pack, so the code in the
 * tarball can only come from the `prepack` build; a missing or broken prepack ships a package without code.
 * No Pulumi CLI needed.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import { REPO_ROOT } from "./helpers/cli";

const run = promisify(execFile);
const BIG = { maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 };

describe("e2e: npm pack from a clone that was never built", function () {
  this.timeout(15 * 60_000);
  let tmp = "";
  let failed = false;

  afterEach(function () {
    if (this.currentTest?.state === "failed") failed = true;
  });
  after(function () {
    if (!tmp) return;
    if (failed) process.stdout.write(`      [e2e] pack-clean-clone: kept ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("prepack builds: dist/ is absent after clone + npm ci, and the tarball holds the compiled provider and simulator", async function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eternus-clone-pack-"));
    const clone = path.join(tmp, "clone");
    await run("git", ["clone", "--quiet", "--no-hardlinks", REPO_ROOT, clone], BIG);
    assert.ok(!fs.existsSync(path.join(clone, "dist")), "a fresh clone has no dist/");
    // Install scripts are not what is under test; the lock file pins what the build uses.
    await run("npm", ["ci", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: clone, ...BIG });
    assert.ok(!fs.existsSync(path.join(clone, "dist")), "npm ci does not build (so only prepack can)");

    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: clone, ...BIG });
    const info = JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{ filename: string; files: { path: string }[] }>;
    const tarball = path.join(tmp, info[0].filename);
    // What the archive really holds (npm's list is a claim about it).
    const { stdout: listing } = await run("tar", ["-tzf", tarball], BIG);
    const inTar = new Set(listing.split("\n").filter(Boolean).map((l) => l.replace(/^package\//, "")));
    for (const must of [
      "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/entry.js",
      "dist/provider/resources/rec-sync-session/provider.js", "dist/provider/resources/common/volume-selector.js",
      "dist/provider/resources/remote-volume-impl.js", "dist/provider/resources/rec-sync-session-impl.js",
      "dist/simulator/index.js", "dist/simulator/cli.js",
    ]) {
      assert.ok(inTar.has(must), `tarball lacks ${must}`);
    }
    const js = [...inTar].filter((f) => f.startsWith("dist/") && f.endsWith(".js"));
    assert.ok(js.length > 50, `${js.length} compiled files in the tarball`);
    assert.deepStrictEqual(info[0].files.map((f) => f.path).filter((f) => !inTar.has(f)), [], "npm's file list matches the archive");
  });
});
