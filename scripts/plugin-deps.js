#!/usr/bin/env node
// Copies the node modules the provider plugin loads at run time into <dest>/node_modules, for the release
// tarball (scripts/pack-plugin.sh). They come from this repository's node_modules, so the tarball runs
// exactly the versions the tests ran (package-lock.json), with no registry access.
//
// The roots are package.json's `dependencies` and `peerDependencies` (@pulumi/pulumi: the plugin's gRPC
// stubs and runtime); `optionalDependencies` (node-forge) serve the simulator only. From each root the
// walk follows `dependencies`, `optionalDependencies` (when installed) and required peers, resolved as
// Node resolves them (the nearest node_modules up the tree), and copies each package folder to the same
// place relative to the repository, so every require resolves as it does here. Optional peers (typescript,
// ts-node of @pulumi/pulumi, which falls back to its vendored copy) and dev dependencies are left out.
// Files are copied dereferenced: the engine refuses tarballs holding links.
//
// Usage: node scripts/plugin-deps.js <dest>   (prints the package count)
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const top = path.join(root, "node_modules");

function readPackage(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
}

/** The folder of `name` as required from `fromDir` (a package folder), or undefined. */
function resolvePackage(name, fromDir) {
  for (let d = fromDir; ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return fs.realpathSync(candidate);
    if (d === root || d === path.dirname(d)) return undefined;
  }
}

/** The package folders the roots need, each once. */
function closure(rootNames) {
  const found = new Set();
  const queue = rootNames.map((name) => ({ name, from: root, optional: false, via: "package.json" }));
  while (queue.length > 0) {
    const { name, from, optional, via } = queue.shift();
    const dir = resolvePackage(name, from);
    if (!dir) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${via}) is not installed under ${top}: run npm ci`);
    }
    if (!dir.startsWith(top + path.sep)) throw new Error(`${name} resolves outside node_modules (${dir}): a linked package cannot ship`);
    if (found.has(dir)) continue;
    found.add(dir);
    const pkg = readPackage(dir);
    const peersMeta = pkg.peerDependenciesMeta ?? {};
    const needs = [
      ...Object.keys(pkg.dependencies ?? {}).map((n) => ({ n, optional: false })),
      ...Object.keys(pkg.optionalDependencies ?? {}).map((n) => ({ n, optional: true })),
      ...Object.keys(pkg.peerDependencies ?? {}).filter((n) => !peersMeta[n]?.optional).map((n) => ({ n, optional: false })),
    ];
    for (const { n, optional: opt } of needs) queue.push({ name: n, from: dir, optional: opt, via: pkg.name });
  }
  return [...found].sort();
}

function main(dest) {
  if (!dest) throw new Error("usage: node scripts/plugin-deps.js <dest>");
  const pkg = readPackage(root);
  const dirs = closure([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  for (const dir of dirs) {
    const rel = path.relative(root, dir);
    // A package's own node_modules holds nested packages: those in the closure are copied on their own.
    const skip = path.join(dir, "node_modules");
    fs.cpSync(dir, path.join(dest, rel), { recursive: true, dereference: true, filter: (src) => src !== skip });
  }
  process.stdout.write(`${dirs.length} packages\n`);
}

try {
  main(process.argv[2]);
} catch (e) {
  process.stderr.write(`plugin-deps: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
