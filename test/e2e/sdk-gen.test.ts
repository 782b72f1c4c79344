/**
 * `npm run sdk` (scripts/setup-sdk.sh): the Go and Python SDKs generated from the committed plugin schema
 * into a temporary folder. Every kind the registry serves has its resource in both SDKs, the Go SDK
 * type-checks (the script runs go vet), the Python SDK is byte-compiled when python3 exists, and both name
 * the plugin version the schema carries (the engine installs/looks up that release).
 *
 * No Go toolchain: the suite is SKIPPED with a banner; under CI (CI=true) it FAILS (like a missing CLI).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import { REPO_ROOT, hasTool } from "./helpers/cli";
import { requireGo } from "./helpers/go";
import { RESOURCE_KINDS } from "../../provider/resources/registry";

const run = promisify(execFile);

const snake = (kind: string) => kind.replace(/[A-Z]/g, (c, i: number) => `${i ? "_" : ""}${c.toLowerCase()}`);
const lowerCamel = (kind: string) => kind[0].toLowerCase() + kind.slice(1);

describe("e2e: npm run sdk generates the Go and Python SDKs from the schema", function () {
  this.timeout(15 * 60_000);
  let out = "";
  let log = "";

  before(async function () {
    requireGo(this, "sdk-gen");
    out = fs.mkdtempSync(path.join(os.tmpdir(), "eternus-sdk-"));
    const r = await run("bash", [path.join(REPO_ROOT, "scripts/setup-sdk.sh")], { env: { ...process.env, SDK_OUT: out }, maxBuffer: 16 * 1024 * 1024 });
    log = r.stderr;
  });
  after(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  const schemaVersion = () => (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "provider/plugin/schema.json"), "utf8")) as { version: string }).version;

  it("Go: one New<Kind> per registry kind, the arrays config, a vetted module naming the plugin version", () => {
    const go = path.join(out, "go/eternus");
    for (const kind of RESOURCE_KINDS) {
      const src = fs.readFileSync(path.join(go, `${lowerCamel(kind)}.go`), "utf8");
      assert.match(src, new RegExp(`func New${kind}\\(`), kind);
      assert.match(src, new RegExp(`"eternus:index:${kind}"`), kind);
    }
    assert.match(fs.readFileSync(path.join(go, "config/config.go"), "utf8"), /func GetArrays\(/);
    assert.match(fs.readFileSync(path.join(go, "go.mod"), "utf8"), /^module github\.com\/pulumi-eternus-rec\/sdk\/go\/eternus$/m);
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(go, "pulumi-plugin.json"), "utf8")), { resource: true, name: "eternus", version: schemaVersion() });
    assert.match(log, /Go SDK: go vet ok/);
  });

  it("Python: one class per registry kind, byte-compiled when python3 exists", () => {
    const py = path.join(out, "python/pulumi_eternus");
    const compiled = hasTool("python3", "--version");
    for (const kind of RESOURCE_KINDS) {
      assert.match(fs.readFileSync(path.join(py, `${snake(kind)}.py`), "utf8"), new RegExp(`^class ${kind}\\(pulumi\\.CustomResource\\):`, "m"), kind);
      if (compiled) {
        const pyc = fs.readdirSync(path.join(py, "__pycache__"));
        assert.ok(pyc.some((f) => f.startsWith(`${snake(kind)}.`) && f.endsWith(".pyc")), `${snake(kind)}.py byte-compiled`);
      }
    }
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(py, "pulumi-plugin.json"), "utf8")), { resource: true, name: "eternus", version: schemaVersion() });
  });
});
