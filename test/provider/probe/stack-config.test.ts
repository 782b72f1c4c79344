/** The stack's config as `pulumi config --json --show-secrets` prints it, read by the provider's own parser. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveArray } from "../../../provider/config";
import { execFileSync } from "node:child_process";
import { arraysFromConfigJson, readStackConfig } from "../../../provider/probe/stack-config";
import { E2E_PASSPHRASE, pulumiLookup } from "../../helpers/pulumi-cli";
import { isCi } from "../../e2e/helpers/cli";

describe("probe/stack-config", () => {
  const arrays = { tokyo: { endpoint: "https://10.0.0.1:5665", username: "admin", password: "pw-from-stack", caCertFile: "/nonexistent/ca.pem" } };

  it("reads eternus:arrays from objectValue (--path config) and from a JSON string value", () => {
    for (const entry of [{ value: JSON.stringify(arrays), objectValue: arrays, secret: true }, { value: JSON.stringify(arrays), secret: true }]) {
      const cfg = arraysFromConfigJson(JSON.stringify({ "eternus:arrays": entry, "aws:region": { value: "x", secret: false } }));
      assert.equal(cfg.error, undefined);
      assert.deepEqual(cfg.arrays.tokyo, arrays.tokyo);
    }
  });

  it("then resolves like the provider: the CA file is read (ERR_CONFIG naming the key), the environment fills gaps", () => {
    const cfg = arraysFromConfigJson(JSON.stringify({ "eternus:arrays": { objectValue: arrays } }));
    assert.throws(() => resolveArray(cfg, "tokyo", {}), (e: Error & { code?: string }) => e.code === "ERR_CONFIG" && /caCertFile/.test(e.message));
    const ok = arraysFromConfigJson(JSON.stringify({ "eternus:arrays": { objectValue: { osaka: { endpoint: "https://10.0.0.2" } } } }));
    const conn = resolveArray(ok, "osaka", { ETERNUS_OSAKA_USERNAME: "u", ETERNUS_OSAKA_PASSWORD: "p-env" });
    assert.equal(conn.password, "p-env");
  });

  it("never echoes what pulumi printed when it is not JSON (it holds decrypted secrets)", () => {
    const cfg = arraysFromConfigJson("password: pw-from-stack");
    assert.ok(cfg.error && !cfg.error.includes("pw-from-stack"));
  });

  it("outside a Pulumi project the config is empty (variables only) and pulumi is not run", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-cfg-"));
    assert.deepEqual(readStackConfig({ cwd: dir, pulumi: "/nonexistent/pulumi" }), { arrays: {} });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: x\nruntime: nodejs\n");
    assert.throws(() => readStackConfig({ cwd: dir, pulumi: "/nonexistent/pulumi" }), (e: Error & { code?: string }) => e.code === "ERR_CONFIG" && /--stack/.test(e.message));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("inside a project: reads the selected stack's config, the secret password included, with the real CLI", function () {
    this.timeout(60_000);
    const found = pulumiLookup();
    if (!found.dir) {
      // Under CI a missing CLI is a failure, as in the e2e suites; elsewhere pending, not passing.
      if (isCi()) throw new Error("no Pulumi CLI (PULUMI_CLI_DIR, .tools/pulumi/bin): run npm run setup:pulumi");
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-stack-"));
    const env = {
      PATH: process.env.PATH, HOME: dir, PULUMI_HOME: path.join(dir, ".pulumi"), PULUMI_BACKEND_URL: `file://${dir}`,
      PULUMI_CONFIG_PASSPHRASE: E2E_PASSPHRASE, PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    const pulumi = path.join(found.dir!, "pulumi");
    try {
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: probe-cfg\nruntime: nodejs\n");
      execFileSync(pulumi, ["stack", "init", "dev", "--non-interactive"], { cwd: dir, env, stdio: "ignore" });
      execFileSync(pulumi, ["config", "set", "--path", "eternus:arrays.tokyo.endpoint", "https://10.0.0.1:5665"], { cwd: dir, env, stdio: "ignore" });
      execFileSync(pulumi, ["config", "set", "--path", "eternus:arrays.tokyo.username", "admin"], { cwd: dir, env, stdio: "ignore" });
      // The secret goes in on stdin, as an admin would type it: never on a command line.
      execFileSync(pulumi, ["config", "set", "--secret", "--path", "eternus:arrays.tokyo.password"], { cwd: dir, env, input: "pw-in-stack-9921\n", stdio: ["pipe", "ignore", "ignore"] });
      const cfg = readStackConfig({ cwd: dir, pulumi, env, stack: "dev" });
      assert.deepEqual(cfg.arrays.tokyo, { endpoint: "https://10.0.0.1:5665", username: "admin", password: "pw-in-stack-9921" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
