/**
 * The stack's config, as the provider would get it: inside a Pulumi project the probe asks the CLI
 * (`pulumi config --json --show-secrets`; secrets come back on stdout, never through argv) and hands
 * `eternus:arrays` to provider/config.ts parseArraysConfig, the provider's own reader. Outside a project the
 * config is empty and the ETERNUS_<NAME>_* variables apply (provider/config.ts resolveArray).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ARRAYS_CONFIG_KEY, ProviderConfig, parseArraysConfig } from "../config";
import { EternusConfigError } from "../client/errors";

/** What `pulumi config --json` prints per key: the value (a JSON string for --path objects) and objectValue. */
export function arraysFromConfigJson(stdout: string): ProviderConfig {
  let all: unknown;
  try {
    all = JSON.parse(stdout);
  } catch {
    // Never echo stdout: it holds the decrypted secrets.
    return { arrays: {}, error: "`pulumi config --json` did not print JSON" };
  }
  const entry = (all as Record<string, { value?: unknown; objectValue?: unknown } | undefined>)?.[ARRAYS_CONFIG_KEY];
  return parseArraysConfig(entry?.objectValue ?? entry?.value);
}

export function isPulumiProject(dir: string): boolean {
  return fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "Pulumi.yml"));
}

export interface StackConfigOptions {
  cwd: string;
  stack?: string;
  /** The pulumi binary (default `pulumi` on PATH). */
  pulumi?: string;
  env?: NodeJS.ProcessEnv;
}

/** The stack's config, or the empty config when `cwd` is not a Pulumi project. Throws EternusConfigError. */
export function readStackConfig(o: StackConfigOptions): ProviderConfig {
  if (!isPulumiProject(o.cwd)) return { arrays: {} };
  const args = ["config", "--json", "--show-secrets", ...(o.stack ? ["--stack", o.stack] : [])];
  let out: string;
  try {
    out = execFileSync(o.pulumi ?? "pulumi", args, { cwd: o.cwd, env: o.env ?? process.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 << 20 });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? "").split("\n").find((l) => l.trim()) ?? (e as Error).message;
    throw new EternusConfigError(`cannot read the stack's config with \`pulumi ${args.join(" ")}\` in ${o.cwd}: ${stderr.trim()} ` +
      "(select the stack with --stack, or run the probe outside the project with ETERNUS_<NAME>_* variables)");
  }
  return arraysFromConfigJson(out);
}
