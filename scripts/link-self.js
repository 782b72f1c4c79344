#!/usr/bin/env node
// Serialized provider code requires "pulumi-eternus-rec/dist/provider/..." by package name, resolved from
// the Pulumi program's working directory (docs/dynamic-provider-rules.md#rule-15-thin-serialized-provider). Inside this repo the
// package is not installed from npm, so link node_modules/pulumi-eternus-rec to the repo root.
"use strict";
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-eternus-rec");
try {
  const target = fs.readlinkSync(link);
  if (path.resolve(path.dirname(link), target) === root) process.exit(0);
  fs.unlinkSync(link);
} catch (e) {
  if (e.code === "EINVAL") fs.rmSync(link, { recursive: true, force: true });
  else if (e.code !== "ENOENT") throw e;
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync("..", link, "dir");
