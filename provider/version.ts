/**
 * The package version, read at PROGRAM time by the Resource constructors and sent as the
 * `providerVersion` input (docs/dynamic-provider-rules.md#rule-13-provider-version-input): a new version shows as an
 * in-place update, which re-writes state with the current provider text. Not a secret; never used by the
 * serialized provider code.
 */
import * as fs from "fs";
import * as path from "path";

function readVersion(): string {
  // dist/provider/version.js -> <package root>/package.json
  for (const candidate of [path.resolve(__dirname, "../../package.json"), path.resolve(__dirname, "../package.json")]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-eternus-rec" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return "0.0.0-unknown";
}

export const PROVIDER_VERSION: string = readVersion();
