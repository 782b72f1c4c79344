/**
 * The Pulumi CLI for the real-engine tests: found by scripts/pulumi-path.js, the one lookup rule shared
 * with the demo, the bench and setup-pulumi.sh (the rule is its header comment).
 *
 * No CLI: the suite reports itself SKIPPED with a banner naming the reason. Under CI (CI=true) a missing
 * CLI is a FAILURE: CI runs `npm run setup:pulumi` first, so a skip there would hide a broken build.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { REPO_ROOT, pulumiLookup } from "../../helpers/pulumi-cli";

export { REPO_ROOT };

export type CliLookup =
  | { found: true; binDir: string; version: string }
  | { found: false; reason: string };

let cached: CliLookup | undefined;

export function findPulumiCli(): CliLookup {
  if (cached) return cached;
  const l = pulumiLookup();
  if (!l.dir) return (cached = { found: false, reason: `${l.reason}, or set PULUMI_CLI_DIR` });
  try {
    const version = execFileSync(path.join(l.dir, "pulumi"), ["version"], {
      encoding: "utf8", timeout: 30_000, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
    return (cached = { found: true, binDir: l.dir, version });
  } catch (e) {
    return (cached = { found: false, reason: `${path.join(l.dir, "pulumi")} version failed: ${(e as Error).message.split("\n")[0]}` });
  }
}

/** True when `cmd versionArg` runs (a tool such as go or python3 is on PATH). */
export function hasTool(cmd: string, versionArg: string): boolean {
  try {
    execFileSync(cmd, [versionArg], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
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
