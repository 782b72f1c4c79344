/** `eternus-rec probe` as a process: the package's bin, the ETERNUS_<NAME>_* variables, exit codes, outputs. */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, SimulatorHandle } from "../../../simulator";

const CLI = path.resolve(__dirname, "../../../provider/probe/cli.js");
const PASSWORD = "cli-Secret-pw-7731";

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("probe/cli", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    sim = await startSimulator({ http: true, password: PASSWORD, arrays: ["tokyo"], log: () => undefined });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-cli-"));
    env = { ETERNUS_TOKYO_ENDPOINT: sim.arrays[0]!.url, ETERNUS_TOKYO_USERNAME: "root", ETERNUS_TOKYO_PASSWORD: PASSWORD, ETERNUS_TOKYO_ALLOW_HTTP: "true" };
  });
  after(async () => {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("outside a project: probes every array the variables name, exits 0, writes the three outputs", async () => {
    const r = await run(["probe", "--out", "out"], env, dir);
    assert.equal(r.code, 0, r.stderr);
    // A name known from a variable only is its upper-case form (ETERNUS_TOKYO_ENDPOINT -> TOKYO), as in the provider.
    assert.match(r.stdout, /== array TOKYO/);
    for (const f of ["report.txt", "transcript.jsonl", "dialect-TOKYO.json"]) assert.ok(fs.existsSync(path.join(dir, "out", f)), f);
    for (const f of fs.readdirSync(path.join(dir, "out"))) assert.ok(!fs.readFileSync(path.join(dir, "out", f), "utf8").includes(PASSWORD));
  });

  it("a refused login: exit 1, the report says which keys to check, and never shows the password", async () => {
    const r = await run(["probe", "--array", "tokyo", "--out", "bad"], { ...env, ETERNUS_TOKYO_PASSWORD: "wrong-Pw-3391" }, dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAILED login .*ETERNUS_TOKYO_PASSWORD/);
    assert.match(r.stderr, /no login to tokyo/);
    for (const text of [r.stdout, r.stderr, ...fs.readdirSync(path.join(dir, "bad")).map((f) => fs.readFileSync(path.join(dir, "bad", f), "utf8"))]) {
      assert.ok(!text.includes("wrong-Pw-3391"));
    }
  });

  it("refuses a password on the command line (exit 1) without echoing it", async () => {
    const r = await run(["probe", "--password", "hunter2-secret"], env, dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /never takes a credential/);
    assert.ok(!r.stderr.includes("hunter2-secret"));
  });

  it("refuses the drill without a pool on each array and a size, saying what it would create", async () => {
    const r = await run(["probe", "--drill", "--array", "tokyo"], env, dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /drill refused/);
    assert.match(r.stderr, /would create/);
  });
});
