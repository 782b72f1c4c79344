/**
 * The one Pulumi CLI driver of the repository (the demo, the e2e tests and the bench use it): runs the real
 * `pulumi` on one project directory with a local file backend, a passphrase secrets provider and no network.
 * Every command is async (never spawnSync: the simulator may run in this very process) and appended with its
 * output to `<workDir>/pulumi.log`; `echo` also streams it (the demo shows it); a failure throws with the
 * command and the tail of its output.
 *
 * Why the CLI and not @pulumi/pulumi/automation: see test/helpers/README.md (it works, but the tests need
 * the CLI's process to kill it, an environment without this process's variables, and `preview --json`).
 */
import * as fs from "fs";
import * as path from "path";
import { spawn, ChildProcess } from "child_process";
import type * as PulumiPath from "../../scripts/pulumi-path";

export const REPO_ROOT = path.resolve(__dirname, "../../..");

/** scripts/pulumi-path.js is THE lookup rule (also used by setup-pulumi.sh); loaded from the source tree. */
export function pulumiLookup(env: NodeJS.ProcessEnv = process.env): PulumiPath.PulumiLookup {
  const lookup = require(path.join(REPO_ROOT, "scripts", "pulumi-path.js")) as typeof PulumiPath; // eslint-disable-line @typescript-eslint/no-require-imports
  return lookup.findPulumi(env);
}

/** Passphrase of the throw-away stacks (demo, tests, bench); never a real secret. */
export const E2E_PASSPHRASE = "e2e-demo-passphrase";

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  /** Default 5 minutes. */
  timeoutMs?: number;
  /** Do not throw on a non-zero exit. */
  allowFailure?: boolean;
  env?: Record<string, string>;
  /** Values shown as **** in the logged command line (secrets given as arguments). */
  mask?: string[];
  /** Do not echo this command and its output (it is still logged). */
  quiet?: boolean;
}

export interface PreviewStep {
  op: string;
  urn: string;
  type?: string;
  diffReasons?: string[];
  replaceReasons?: string[];
}

export interface PreviewJson {
  steps: PreviewStep[];
  changeSummary: Record<string, number>;
  diagnostics?: Array<{ message?: string; severity?: string; urn?: string }>;
}

export interface PulumiProjectOptions {
  /** Directory of Pulumi.yaml; the program's working directory. */
  projectDir: string;
  /** Folder for PULUMI_HOME, the file backend and the log (created). */
  workDir: string;
  /** Directory holding pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs. */
  binDir: string;
  stack: string;
  passphrase?: string;
  /** Extra environment for every command (e.g. ETERNUS_* fallbacks); ETERNUS_* of this process are dropped. */
  env?: Record<string, string>;
  /** Also stream every command line and its output here (the demo prints it); the log file gets it anyway. */
  echo?: (text: string) => void;
}

export class PulumiProject {
  readonly backendDir: string;
  readonly homeDir: string;
  readonly logFile: string;
  private readonly passphrase: string;

  constructor(readonly o: PulumiProjectOptions) {
    this.backendDir = path.join(o.workDir, "backend");
    this.homeDir = path.join(o.workDir, "pulumi-home");
    this.logFile = path.join(o.workDir, "pulumi.log");
    this.passphrase = o.passphrase ?? E2E_PASSPHRASE;
    fs.mkdirSync(this.backendDir, { recursive: true });
    fs.mkdirSync(this.homeDir, { recursive: true });
  }

  get stack(): string {
    return this.o.stack;
  }

  env(extra?: Record<string, string>): NodeJS.ProcessEnv {
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (k.startsWith("ETERNUS_") || k.startsWith("PULUMI_")) continue;
      base[k] = v;
    }
    return {
      ...base,
      PATH: `${this.o.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: this.homeDir,
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: this.passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      NO_COLOR: "1",
      ...this.o.env,
      ...extra,
    };
  }

  private log(text: string): void {
    fs.appendFileSync(this.logFile, text);
  }

  /** Start a command; the caller may kill it (interrupted-update tests). */
  spawn(args: string[], o: RunOptions = {}): { child: ChildProcess; done: Promise<RunResult> } {
    const start = Date.now();
    // Global flags go before a "--" separator: after it they would be taken as positional values.
    const sep = args.indexOf("--");
    const flags = ["--non-interactive", "--color", "never"];
    const full = sep < 0 ? [...args, ...flags] : [...args.slice(0, sep), ...flags, ...args.slice(sep)];
    const shown = full.map((a) => (o.mask?.includes(a) ? "****" : /\s/.test(a) ? JSON.stringify(a) : a)).join(" ");
    this.log(`\n===== [${new Date().toISOString()}] (${this.o.projectDir}) pulumi ${shown}\n`);
    const echo = o.quiet ? undefined : this.o.echo;
    echo?.(`$ pulumi ${shown}\n`);
    const child = spawn(path.join(this.o.binDir, "pulumi"), full, {
      cwd: this.o.projectDir, env: this.env(o.env), stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => { stdout += d.toString(); this.log(d.toString()); echo?.(d.toString()); });
    child.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); this.log(d.toString()); echo?.(d.toString()); });
    const timeoutMs = o.timeoutMs ?? 5 * 60_000;
    const done = new Promise<RunResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.log(`\n===== TIMEOUT after ${timeoutMs} ms, killing\n`);
        child.kill("SIGKILL");
      }, timeoutMs);
      child.on("error", (e) => { clearTimeout(timer); reject(e); });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        const ms = Date.now() - start;
        this.log(`===== exit ${code ?? signal} after ${ms} ms\n`);
        resolve({ code, signal, stdout, stderr, ms });
      });
    });
    return { child, done };
  }

  /**
   * After a killed CLI: `pulumi cancel` (its advice), then remove the stale lock it left. The file backend has
   * no service to cancel with, so the lock file goes by hand, as an operator would after checking that no
   * other update runs.
   */
  async cancelAndUnlock(): Promise<void> {
    await this.run(["cancel", "--yes", "--stack", this.stack], { allowFailure: true });
    fs.rmSync(path.join(this.backendDir, ".pulumi", "locks"), { recursive: true, force: true });
  }

  async run(args: string[], o: RunOptions = {}): Promise<RunResult> {
    const r = await this.spawn(args, o).done;
    if (r.code !== 0 && !o.allowFailure) {
      const tail = (s: string) => s.split("\n").slice(-60).join("\n");
      const shown = args.map((a) => (o.mask?.includes(a) ? "****" : a)).join(" ");
      throw new Error(`pulumi ${shown} exited ${r.code ?? r.signal} after ${r.ms} ms (log: ${this.logFile})\n` +
        `--- stdout (tail)\n${tail(r.stdout)}\n--- stderr (tail)\n${tail(r.stderr)}`);
    }
    return r;
  }

  private s(): string[] {
    return ["--stack", this.o.stack];
  }

  async init(): Promise<void> {
    await this.run(["stack", "init", this.o.stack, "--secrets-provider", "passphrase"]);
  }

  async configSet(key: string, value: string, o: { secret?: boolean; path?: boolean } = {}): Promise<void> {
    const args = ["config", "set", ...this.s()];
    if (o.path ?? key.includes(".")) args.push("--path");
    args.push(o.secret ? "--secret" : "--plaintext", key, "--", value);
    await this.run(args, o.secret ? { mask: [value] } : {});
  }

  async configRm(key: string, o: { path?: boolean } = {}): Promise<void> {
    await this.run(["config", "rm", ...this.s(), ...(o.path ? ["--path"] : []), key]);
  }

  /** `eternus:arrays.<name>.*` for every simulated array (password as a secret). */
  async configureArrays(arrays: Array<{ name: string; url: string; caCertFile: string | null }>, o: { user?: string; password?: string; alias?: Record<string, string> } = {}): Promise<void> {
    for (const a of arrays) {
      const name = o.alias?.[a.name] ?? a.name;
      await this.configSet(`eternus:arrays.${name}.endpoint`, a.url, { path: true });
      await this.configSet(`eternus:arrays.${name}.username`, o.user ?? "root", { path: true });
      await this.configSet(`eternus:arrays.${name}.password`, o.password ?? "root", { path: true, secret: true });
      if (a.caCertFile) await this.configSet(`eternus:arrays.${name}.caCertFile`, a.caCertFile, { path: true });
    }
  }

  up(o: RunOptions & { extra?: string[] } = {}): Promise<RunResult> {
    return this.run(["up", "--yes", "--skip-preview", ...this.s(), ...(o.extra ?? [])], { timeoutMs: 10 * 60_000, ...o });
  }

  async preview(o: RunOptions & { extra?: string[] } = {}): Promise<PreviewJson> {
    const r = await this.run(["preview", "--json", ...this.s(), ...(o.extra ?? [])], o);
    return parsePreviewJson(r.stdout);
  }

  refresh(o: RunOptions & { extra?: string[] } = {}): Promise<RunResult> {
    return this.run(["refresh", "--yes", "--skip-preview", ...this.s(), ...(o.extra ?? [])], o);
  }

  /** `pulumi preview --refresh --json`-free drift check: a refresh preview with --expect-no-changes. */
  refreshExpectNoChanges(o: RunOptions = {}): Promise<RunResult> {
    return this.run(["refresh", "--preview-only", "--expect-no-changes", ...this.s()], o);
  }

  destroy(o: RunOptions & { extra?: string[] } = {}): Promise<RunResult> {
    return this.run(["destroy", "--yes", "--skip-preview", ...this.s(), ...(o.extra ?? [])], { timeoutMs: 10 * 60_000, ...o });
  }

  async stackRm(): Promise<void> {
    await this.run(["stack", "rm", "--yes", "--force", this.o.stack], { allowFailure: true });
  }

  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.run(["stack", "output", "--json", ...this.s()], { quiet: true });
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  async exportState(): Promise<{ deployment: { resources?: Array<Record<string, any>>; pending_operations?: unknown[] } }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await this.run(["stack", "export", ...this.s()], { quiet: true });
    return JSON.parse(r.stdout);
  }

  async cancelAndRepair(): Promise<void> {
    // A killed `up` leaves pending operations in the checkpoint; `refresh --clear-pending-creates` (3.x)
    // or an import/export round trip clears them. The test decides which; this is the plain export/import.
    const exp = await this.run(["stack", "export", ...this.s()]);
    const doc = JSON.parse(exp.stdout);
    if (doc.deployment) doc.deployment.pending_operations = [];
    const file = path.join(this.o.workDir, `${this.o.stack}-repaired.json`);
    fs.writeFileSync(file, JSON.stringify(doc));
    await this.run(["stack", "import", ...this.s(), "--file", file]);
  }

  /** The checkpoint file(s) of the file backend (what `grep` would see on disk). */
  stateFiles(): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith(".json") || e.name.endsWith(".json.bak") || e.name.endsWith(".json.gz")) out.push(p);
      }
    };
    const root = path.join(this.backendDir, ".pulumi");
    if (fs.existsSync(root)) walk(root);
    return out;
  }
}

/** `pulumi preview --json` prints one JSON document (with diagnostics inside). */
export function parsePreviewJson(stdout: string): PreviewJson {
  const start = stdout.indexOf("{");
  if (start < 0) throw new Error(`pulumi preview --json printed no JSON:\n${stdout}`);
  const doc = JSON.parse(stdout.slice(start)) as PreviewJson;
  doc.steps = doc.steps ?? [];
  doc.changeSummary = doc.changeSummary ?? {};
  return doc;
}

/** Steps other than "same" on resources of our types (read steps of a refresh included). */
export function changedSteps(p: PreviewJson, typeFilter = /eternus:/): PreviewStep[] {
  return p.steps.filter((s) => s.op !== "same" && typeFilter.test(s.urn));
}
