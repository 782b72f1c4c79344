/**
 * What the Go-program suites share: the Go toolchain check (a skip, or under CI=true a failure, like a
 * missing CLI) and a Go project on an SDK generated from the committed schema into the suite's folder.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import { REPO_ROOT, hasTool, isCi } from "./cli";

const run = promisify(execFile);
const EXAMPLE = path.join(REPO_ROOT, "examples/go-mirror");

/** Call in a suite's `before` hook: without `go` on PATH the suite is skipped, or under CI=true fails. */
export function requireGo(ctx: Mocha.Context, suite: string): void {
  if (hasTool("go", "version")) return;
  process.stdout.write(`      [e2e] ${suite}: no Go toolchain on PATH\n`);
  if (isCi()) throw new Error(`${suite}: go not found (CI=true: a failure, not a skip)`);
  ctx.skip();
}

/**
 * `npm run sdk` into `<workDir>/sdk`, and examples/go-mirror's go.mod (its replace pointed there) and go.sum
 * into `dir`; the caller writes the program (main.go).
 */
export async function stageGoProject(dir: string, workDir: string): Promise<void> {
  const sdk = path.join(workDir, "sdk");
  await run("bash", [path.join(REPO_ROOT, "scripts/setup-sdk.sh")], { env: { ...process.env, SDK_OUT: sdk, SDK_LANGS: "go" }, maxBuffer: 16 * 1024 * 1024 });
  fs.copyFileSync(path.join(EXAMPLE, "go.sum"), path.join(dir, "go.sum"));
  const goMod = fs.readFileSync(path.join(EXAMPLE, "go.mod"), "utf8");
  assert.match(goMod, /=> \.\.\/\.\.\/sdk\/go\/eternus$/m);
  fs.writeFileSync(path.join(dir, "go.mod"), goMod.replace(/=> \.\.\/\.\.\/sdk\/go\/eternus$/m, `=> ${path.join(sdk, "go/eternus")}`));
}

/** `go <args>` in `dir`; a failure throws with go's output. */
export async function goIn(dir: string, ...args: string[]): Promise<void> {
  try {
    await run("go", args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as Error & { stderr?: string; stdout?: string };
    throw new Error(`go ${args.join(" ")} in ${dir} failed:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
  }
}
