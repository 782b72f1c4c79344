/**
 * Finding the Pulumi CLI for the real-engine tests (shared/docs/pulumi-dynamic-providers.md "Running the
 * engine offline"): three executables in ONE directory, `pulumi`, `pulumi-language-nodejs` and
 * `pulumi-resource-pulumi-nodejs`. Looked up in order: $PULUMI_CLI_DIR, every directory of PATH that holds `pulumi`,
 * then <repo>/.tools/pulumi/bin (built by `npm run setup:pulumi`).
 *
 * No CLI: the suite reports itself SKIPPED with a banner naming the reason. Under CI (CI=true) a missing
 * CLI is a FAILURE: CI runs `npm run setup:pulumi` first, so a skip there would hide a broken build.
 */
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";

export const REPO_ROOT = path.resolve(__dirname, "../../../..");
export const REQUIRED_EXECUTABLES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"] as const;

export type CliLookup =
  | { found: true; binDir: string; version: string }
  | { found: false; reason: string };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function checkDir(dir: string): { ok: true; version: string } | { ok: false; reason: string } {
  const missing = REQUIRED_EXECUTABLES.filter((x) => !isExecutable(path.join(dir, x)));
  if (missing.length) return { ok: false, reason: `${dir} lacks ${missing.join(", ")}` };
  try {
    const version = execFileSync(path.join(dir, "pulumi"), ["version"], {
      encoding: "utf8", timeout: 30_000, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
    return { ok: true, version };
  } catch (e) {
    return { ok: false, reason: `${path.join(dir, "pulumi")} version failed: ${(e as Error).message.split("\n")[0]}` };
  }
}

let cached: CliLookup | undefined;

export function findPulumiCli(): CliLookup {
  if (cached) return cached;
  const candidates: string[] = [];
  if (process.env.PULUMI_CLI_DIR) candidates.push(path.resolve(process.env.PULUMI_CLI_DIR));
  // A CLI the user installed (on PATH) wins over the one setup:pulumi builds (scripts/pulumi-path.js rule).
  for (const d of (process.env.PATH ?? "").split(path.delimiter)) {
    if (d && isExecutable(path.join(d, "pulumi"))) candidates.push(path.resolve(d));
  }
  candidates.push(path.join(REPO_ROOT, ".tools", "pulumi", "bin"));
  const reasons: string[] = [];
  for (const dir of [...new Set(candidates)]) {
    if (!fs.existsSync(dir)) {
      reasons.push(`${dir} does not exist`);
      continue;
    }
    const r = checkDir(dir);
    if (r.ok) return (cached = { found: true, binDir: dir, version: r.version });
    reasons.push(r.reason);
  }
  return (cached = {
    found: false,
    reason: `no usable Pulumi CLI (${reasons.join("; ")}). Build it with \`npm run setup:pulumi\` ` +
      `(lands in .tools/pulumi/bin) or set PULUMI_CLI_DIR to a directory holding ${REQUIRED_EXECUTABLES.join(", ")}`,
  });
}

export function isCi(): boolean {
  const v = (process.env.CI ?? "").toLowerCase();
  return v !== "" && v !== "false" && v !== "0";
}

const announced = new Set<string>();

/**
 * Call in a suite's `before` hook. Returns the CLI directory, or skips the whole suite after printing a
 * banner; under CI=true a missing CLI throws instead (the suite FAILS).
 */
export function requirePulumiCli(ctx: Mocha.Context, suite: string): string {
  const cli = findPulumiCli();
  if (cli.found) {
    if (!announced.has("found")) {
      announced.add("found");
      process.stdout.write(`      [e2e] Pulumi CLI: ${cli.binDir} (${cli.version})\n`);
    }
    return cli.binDir;
  }
  const line = "#".repeat(100);
  const banner = [
    "", line,
    `#  E2E SUITE "${suite}" ${isCi() ? "FAILS" : "SKIPPED"}: the real Pulumi engine is not available.`,
    `#  ${cli.reason}`,
    isCi() ? "#  CI=true: a missing CLI is a failure, not a skip." : "#  Nothing in this suite ran. Under CI (CI=true) this is a failure.",
    line, "",
  ].join("\n");
  process.stdout.write(banner + "\n");
  if (isCi()) throw new Error(`e2e suite "${suite}": ${cli.reason}`);
  ctx.skip();
  throw new Error("unreachable");
}
