import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SimRest } from "../helpers/sim-rest";
import { sleep } from "./helpers";

const CLI = path.resolve(__dirname, "../../simulator/cli.js");

interface Started {
  child: ChildProcess;
  line: { arrays: Array<{ name: string; url: string; boxId: string; caCertFile: string | null }> };
  stdout: () => string;
}

/** Start the CLI and wait for its one JSON line. */
function startCli(args: readonly string[], env: Record<string, string> = {}): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`no ready line; stderr: ${err}`)), 15_000);
    child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve({ child, line: JSON.parse(out.split("\n")[0]!), stdout: () => out });
      }
    });
    child.on("exit", (code) => { clearTimeout(timer); if (!out) reject(new Error(`exited ${code}: ${err}`)); });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on("exit", (code) => resolve(code));
  });
}

describe("cli: eternus-sim command line and --state [issue: command line, state file]", function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eternus-sim-test-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--dialect ARRAY=FILE: that array speaks the file's dialect (a 400 naming our default form), the other the default", async () => {
    const file = path.join(dir, "dialect.json");
    fs.writeFileSync(file, JSON.stringify({ format: "eternus-rec-dialect/1", probeVersion: "test", rows: { "7": { form: "query:job_id", evidence: "" } } }));
    const s = await startCli(["--http", "--dialect", `site-b=${file}`]);
    try {
      const [a, b] = s.line.arrays.map((x) => new SimRest(x));
      await a!.login();
      await b!.login();
      const refused = await b!.request("DELETE", "/job", { job_id_list: [1] });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.message, "Unknown parameter (job_id_list)");
      assert.equal((await b!.request("DELETE", "/job?job_id=1")).status, 404, "its own form reaches the job lookup");
      assert.equal((await a!.request("DELETE", "/job", { job_id_list: [1] })).status, 404, "site-a keeps the default");
      await a!.logout();
      await b!.logout();
    } finally {
      s.child.kill("SIGTERM");
      await exited(s.child);
    }
    const bad = spawn(process.execPath, [CLI, "--http", "--dialect", `nowhere=${file}`], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    bad.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
    assert.equal(await exited(bad), 2);
    assert.match(err, /dialect: no array named "nowhere"/);
  });

  it("prints exactly one JSON line (HTTPS, CA written to --tls-dir) and exits 0 on SIGTERM", async () => {
    const tlsDir = path.join(dir, "tls");
    const s = await startCli(["--arrays", "x,y,z", "--tls-dir", tlsDir, "--no-seed"]);
    assert.deepEqual(s.line.arrays.map((a) => a.name), ["x", "y", "z"]);
    for (const a of s.line.arrays) {
      assert.match(a.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(a.boxId.length, 40);
      assert.equal(a.caCertFile, path.join(tlsDir, "ca.pem"));
    }
    assert.deepEqual(Object.keys(s.line.arrays[0]!).sort(), ["boxId", "caCertFile", "name", "url"]);
    assert.ok(fs.readFileSync(path.join(tlsDir, "ca.pem"), "utf8").startsWith("-----BEGIN CERTIFICATE-----"));
    s.child.kill("SIGTERM");
    assert.equal(await exited(s.child), 0);
    assert.equal(s.stdout().trim().split("\n").length, 1, "nothing else on stdout");
  });

  it("rejects an unknown option with exit code 2", async () => {
    const child = spawn(process.execPath, [CLI, "--bogus"], { stdio: "ignore" });
    assert.equal(await exited(child), 2);
  });

  it("--state: SIGTERM saves, a restart shows the same world (same ports' box ids, volumes, sessions)", async () => {
    const file = path.join(dir, "world.json");
    const s1 = await startCli(["--http", "--state", file, "--job-latency-ms", "0", "--copy-rate", "1000000"]);
    const [a, b] = s1.line.arrays.map((x) => new SimRest(x));
    await a!.login();
    await b!.login();
    const src = await a!.createVolume("persisted", 1024);
    const dst = await b!.createVolume("persisted_mirror", 1024);
    await a!.job("POST", "/copysession/rec", { source_volume_id: src, destination_volume_id: dst, source_boxid: a!.boxId, destination_boxid: b!.boxId, transfer_mode: "Synchronous" });
    s1.child.kill("SIGTERM");
    assert.equal(await exited(s1.child), 0);
    const s2 = await startCli(["--http", "--state", file]);
    try {
      const a2 = new SimRest(s2.line.arrays[0]!);
      assert.equal(a2.boxId, a!.boxId);
      await a2.login();
      const vols = (await a2.request("GET", "/volume?fields=name")).body.volume_list.map((v: { name: string }) => v.name);
      assert.deepEqual(vols, ["business_vol01", "persisted"]);
      const cs = (await a2.request("GET", "/copysession")).body;
      assert.equal(cs.total_count, 1);
      assert.equal(cs.copysession_list[0].phase, "Equivalent");
    } finally {
      s2.child.kill("SIGTERM");
      await exited(s2.child);
    }
  });

  it("the password never comes from argv: --password is refused naming the fix; --password-file and ETERNUS_SIM_PASSWORD work", async () => {
    const refused = spawn(process.execPath, [CLI, "--http", "--password", "pw"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    refused.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
    assert.equal(await exited(refused), 2);
    assert.match(err, /--password is not accepted.*--password-file FILE or ETERNUS_SIM_PASSWORD/);

    const pwFile = path.join(dir, "pw.txt");
    fs.writeFileSync(pwFile, "from-a-file\n", { mode: 0o600 });
    for (const [args, env, password] of [
      [["--password-file", pwFile], {}, "from-a-file"],
      [[], { ETERNUS_SIM_PASSWORD: "from-the-env" }, "from-the-env"],
    ] as const) {
      const s = await startCli(["--http", "--arrays", "solo", ...args], env);
      try {
        const c = new SimRest(s.line.arrays[0]!, { user: "root", password });
        assert.equal((await c.tryLogin({ password: "root" })).status, 401, "not the default password");
        await c.login();
        await c.close();
      } finally {
        s.child.kill("SIGTERM");
        await exited(s.child);
      }
    }
  });

  // Saves are batched off the request path (state-file.ts): a kill -9 may lose the changes of the last
  // STATE_SAVE_DELAY_MS, never the file; SIGTERM saves everything acknowledged.
  it("--state survives kill -9 between and during writes: the file always parses; SIGTERM keeps every acknowledged change", async () => {
    const file = path.join(dir, "killed.json");
    let created = 0;
    for (let round = 0; round < 5; round++) {
      const s = await startCli(["--http", "--state", file, "--job-latency-ms", "0"]);
      const a = new SimRest(s.line.arrays[0]!);
      await a.login();
      let stop = false;
      const writer = (async () => {
        for (let i = 0; !stop && i < 2000; i++) {
          try {
            const r = await a.request("POST", "/volume", { name: `k${round}_${i}`, capacity: 100, tpp_id: 0 });
            if (r.status === 202) created++;
          } catch {
            return; // killed
          }
        }
      })();
      await sleep(100 + round * 37);
      s.child.kill("SIGKILL");
      stop = true;
      await writer;
      await exited(s.child);
      const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
      assert.equal(parsed.version, 1);
    }
    assert.ok(created > 5, "the loop really wrote");
    const s = await startCli(["--http", "--state", file, "--job-latency-ms", "0"]);
    const names: string[] = [];
    try {
      const a = new SimRest(s.line.arrays[0]!);
      await a.login();
      const total = (await a.request("GET", "/volume?max_records=1")).body.total_count;
      assert.ok(total <= created + 1, `nothing unacknowledged was saved (${total} <= ${created} + business_vol01)`);
      for (let i = 0; i < 20; i++) {
        const r = await a.request("POST", "/volume", { name: `term_${i}`, capacity: 100, tpp_id: 0 });
        assert.equal(r.status, 202);
        names.push(`term_${i}`);
      }
      await a.close();
    } finally {
      s.child.kill("SIGTERM");
      assert.equal(await exited(s.child), 0);
    }
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { arrays: Array<{ volumes: Array<{ name: string }> }> };
    const onFile = new Set(saved.arrays[0]!.volumes.map((v) => v.name));
    assert.deepEqual(names.filter((n) => !onFile.has(n)), [], "every volume acknowledged before SIGTERM is in the file");
  });
});
