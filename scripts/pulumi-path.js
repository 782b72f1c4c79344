#!/usr/bin/env node
// THE lookup of the Pulumi CLI: the demo, the e2e tests, the bench and setup-pulumi.sh all ask this file,
// so they always agree. Rule, first match wins:
//   1. $PULUMI_CLI_DIR, when set: it must hold pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs
//      (no fallback when it does not: an explicit choice that is broken is an error, not a silent switch);
//   2. `pulumi` on PATH, with the other two beside it or on PATH (a CLI the user installed, with Pulumi's
//      own language host, wins over ours);
//   3. <repo>/.tools/pulumi/bin (built by `npm run setup:pulumi`), when it holds all three.
//
// From Node:    const { findPulumi, pulumiBinDir, pulumiEnv } = require("./scripts/pulumi-path");
//               findPulumi()    -> { dir, source: "PULUMI_CLI_DIR" | "PATH" | "tools" } or { dir: null, reason }
//               pulumiBinDir()  -> the directory, or null
//               pulumiEnv(env?) -> copy of env (default process.env) with that directory first on PATH
// From a shell: node scripts/pulumi-path.js           prints the directory (exit 1 when none)
//               node scripts/pulumi-path.js --source  prints "<source> <dir>"
//               eval "$(node scripts/pulumi-path.js --export)"   puts it first on PATH
"use strict";
const fs = require("fs");
const path = require("path");

const REPO_ROOT = path.resolve(__dirname, "..");
const TOOLS_BIN = path.join(REPO_ROOT, ".tools", "pulumi", "bin");
const EXECUTABLES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function pathDirs(env) {
  return (env.PATH || "").split(path.delimiter).filter(Boolean);
}

function onPath(name, env) {
  for (const d of pathDirs(env)) {
    if (isExecutable(path.join(d, name))) return path.resolve(d);
  }
  return null;
}

function missingIn(dir, env, allowPath) {
  return EXECUTABLES.filter((x) => !isExecutable(path.join(dir, x)) && !(allowPath && onPath(x, env)));
}

/** The CLI directory by the rule above, with where it came from; or null with the reason. */
function findPulumi(env = process.env) {
  if (env.PULUMI_CLI_DIR) {
    const dir = path.resolve(env.PULUMI_CLI_DIR);
    const missing = missingIn(dir, env, false);
    if (missing.length === 0) return { dir, source: "PULUMI_CLI_DIR" };
    return { dir: null, reason: `PULUMI_CLI_DIR=${dir} lacks ${missing.join(", ")}` };
  }
  const reasons = [];
  const dir = onPath("pulumi", env);
  if (dir) {
    const missing = missingIn(dir, env, true);
    if (missing.length === 0) return { dir, source: "PATH" };
    reasons.push(`pulumi on PATH (${dir}) lacks ${missing.join(", ")} beside it or on PATH`);
  } else {
    reasons.push("no pulumi on PATH");
  }
  const missing = missingIn(TOOLS_BIN, env, false);
  if (missing.length === 0) return { dir: TOOLS_BIN, source: "tools" };
  reasons.push(`${TOOLS_BIN} lacks ${missing.join(", ")}`);
  return { dir: null, reason: `${reasons.join("; ")}: run \`npm run setup:pulumi\`` };
}

/** The directory holding `pulumi` (rule above), or null. */
function pulumiBinDir(env = process.env) {
  return findPulumi(env).dir;
}

/** A copy of env with the CLI directory first on PATH (unchanged when there is no CLI). */
function pulumiEnv(env = process.env) {
  const dir = pulumiBinDir(env);
  if (!dir) return { ...env };
  return { ...env, PATH: [dir, ...pathDirs(env).filter((d) => path.resolve(d) !== dir)].join(path.delimiter) };
}

module.exports = { findPulumi, pulumiBinDir, pulumiEnv, REPO_ROOT, TOOLS_BIN, EXECUTABLES };

if (require.main === module) {
  const found = findPulumi();
  if (!found.dir) {
    process.stderr.write(`no Pulumi CLI: ${found.reason}\n`);
    process.exit(1);
  }
  if (process.argv.includes("--export")) {
    const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
    process.stdout.write(`export PATH=${q(found.dir)}:"$PATH"\n`);
  } else if (process.argv.includes("--source")) {
    process.stdout.write(`${found.source} ${found.dir}\n`);
  } else {
    process.stdout.write(found.dir + "\n");
  }
}
