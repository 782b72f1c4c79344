// The demo's own small Pulumi CLI runner (scripts/demo.js): the demo runs only shipped code (dist/provider,
// dist/simulator) and the scripts folder, never compiled test code. The e2e tests and the bench have their
// richer driver (test/helpers/pulumi-cli.ts); this one does only what the demo needs: an isolated home, a
// local file backend, a passphrase, output streamed (indented) and kept in <workDir>/pulumi.log, and a
// failure that names the command and the tail of its output. Secrets are masked in what it prints.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");

/** Passphrase of the throw-away demo stack; never a real secret. */
const DEMO_PASSPHRASE = "e2e-demo-passphrase";

class DemoPulumi {
  constructor({ projectDir, workDir, binDir, stack, echo }) {
    Object.assign(this, { projectDir, binDir, stack, echo });
    this.backendDir = path.join(workDir, "backend");
    this.homeDir = path.join(workDir, "pulumi-home");
    this.logFile = path.join(workDir, "pulumi.log");
    for (const d of [this.backendDir, this.homeDir]) fs.mkdirSync(d, { recursive: true });
  }

  // This process's environment without PULUMI_ and ETERNUS_ variables (the demo's settings only), the CLI first on PATH.
  env() {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_") && !k.startsWith("ETERNUS_")));
    return {
      ...env, PATH: `${this.binDir}${path.delimiter}${process.env.PATH ?? ""}`, PULUMI_HOME: this.homeDir,
      PULUMI_BACKEND_URL: `file://${this.backendDir}`, PULUMI_CONFIG_PASSPHRASE: DEMO_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true", NO_COLOR: "1",
    };
  }

  /** Run `pulumi <args>`; resolves {code, stdout, stderr}; rejects on a non-zero exit unless allowFailure. */
  run(args, { quiet = false, allowFailure = false, mask = [] } = {}) {
    // Global flags go before a "--" separator: after it they would be taken as positional values.
    const flags = ["--non-interactive", "--color", "never"];
    const sep = args.indexOf("--");
    const full = sep < 0 ? [...args, ...flags] : [...args.slice(0, sep), ...flags, ...args.slice(sep)];
    const shown = full.map((a) => (mask.includes(a) ? "****" : a)).join(" ");
    const out = (text) => { fs.appendFileSync(this.logFile, text); if (!quiet && this.echo) this.echo(text); };
    out(`$ pulumi ${shown}\n`);
    const child = spawn(path.join(this.binDir, "pulumi"), full, { cwd: this.projectDir, env: this.env(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; out(String(d)); });
    child.stderr.on("data", (d) => { stderr += d; out(String(d)); });
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => {
        if (code === 0 || allowFailure) return resolve({ code, stdout, stderr });
        const tail = (s) => s.split("\n").slice(-40).join("\n");
        reject(new Error(`pulumi ${shown} exited ${code ?? signal} (log: ${this.logFile})\n--- stdout (tail)\n${tail(stdout)}\n--- stderr (tail)\n${tail(stderr)}`));
      });
    });
  }

  init() {
    return this.run(["stack", "init", this.stack, "--secrets-provider", "passphrase"]);
  }

  configSet(key, value, { secret = false } = {}) {
    const args = ["config", "set", "--stack", this.stack, ...(key.includes(".") ? ["--path"] : [])];
    return this.run([...args, secret ? "--secret" : "--plaintext", key, "--", value], { mask: secret ? [value] : [] });
  }

  /** `eternus:arrays.<name>.*` for every simulated array (the simulator's root/root, the password as a secret). */
  async configureArrays(arrays) {
    for (const a of arrays) {
      await this.configSet(`eternus:arrays.${a.name}.endpoint`, a.url);
      await this.configSet(`eternus:arrays.${a.name}.username`, "root");
      await this.configSet(`eternus:arrays.${a.name}.password`, "root", { secret: true });
      if (a.caCertFile) await this.configSet(`eternus:arrays.${a.name}.caCertFile`, a.caCertFile);
    }
  }

  async outputs() {
    const r = await this.run(["stack", "output", "--json", "--stack", this.stack], { quiet: true });
    return JSON.parse(r.stdout);
  }
}

module.exports = { DemoPulumi };
