#!/usr/bin/env node
// Where is the Pulumi CLI? One rule for every script (demo, e2e, ...):
//   1. `pulumi` on PATH, when pulumi-language-nodejs and pulumi-resource-pulumi-nodejs are beside it or on PATH;
//   2. else <repo>/.tools/pulumi/bin (built by `npm run setup:pulumi`), when it holds all three.
// See tools/pulumi-cli/README.md.
//
// From Node:   const { pulumiBinDir, pulumiEnv } = require("./scripts/pulumi-path");
//              pulumiBinDir()  -> absolute directory, or null when there is no CLI
//              pulumiEnv(env?) -> copy of env (default process.env) with that directory first on PATH
// From a shell: node scripts/pulumi-path.js           prints the directory (exit 1 when none)
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

/** The directory holding `pulumi` (rule above), or null. */
function pulumiBinDir(env = process.env) {
  const dir = onPath("pulumi", env);
  if (dir && EXECUTABLES.every((x) => isExecutable(path.join(dir, x)) || onPath(x, env))) return dir;
  if (EXECUTABLES.every((x) => isExecutable(path.join(TOOLS_BIN, x)))) return TOOLS_BIN;
  return null;
}

/** A copy of env with the CLI directory first on PATH (unchanged when there is no CLI). */
function pulumiEnv(env = process.env) {
  const dir = pulumiBinDir(env);
  if (!dir) return { ...env };
  return { ...env, PATH: [dir, ...pathDirs(env).filter((d) => path.resolve(d) !== dir)].join(path.delimiter) };
}

module.exports = { pulumiBinDir, pulumiEnv, TOOLS_BIN, EXECUTABLES };

if (require.main === module) {
  const dir = pulumiBinDir();
  if (!dir) {
    process.stderr.write(`no Pulumi CLI on PATH or in ${TOOLS_BIN}: run \`npm run setup:pulumi\`\n`);
    process.exit(1);
  }
  if (process.argv.includes("--export")) {
    const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
    process.stdout.write(`export PATH=${q(dir)}:"$PATH"\n`);
  } else {
    process.stdout.write(dir + "\n");
  }
}
