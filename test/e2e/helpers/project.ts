/**
 * Working copies of the Pulumi projects for the e2e tests. A test never runs `pulumi config set` in the
 * repository's own example folders (that would rewrite the committed Pulumi.<stack>.yaml files): it copies
 * Pulumi.yaml and the stack files to a fresh folder under .e2e/ and points `main` back at the compiled
 * program in dist/. The program's working directory is then that folder, inside the repository, so the
 * serialized provider's require("pulumi-eternus-rec/dist/...") resolves through node_modules/pulumi-eternus-rec,
 * the link made by scripts/link-self.js: the same lookup as in a user's project.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./cli";

export const E2E_ROOT = path.join(REPO_ROOT, ".e2e");

/** A fresh folder .e2e/<prefix>-<time>-<pid>-<n>. */
let counter = 0;
export function freshDir(prefix: string): string {
  const d = path.join(E2E_ROOT, `${prefix}-${Date.now()}-${process.pid}-${++counter}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

/** Rewrite the `main:` line of a Pulumi.yaml text. */
export function withMain(pulumiYaml: string, main: string): string {
  if (!/^main:.*$/m.test(pulumiYaml)) return `${pulumiYaml.trimEnd()}\nmain: ${main}\n`;
  return pulumiYaml.replace(/^main:.*$/m, `main: ${main}`);
}

export interface StagedProject {
  dir: string;
  name: string;
}

/**
 * Stage examples/<example> (or "." for the root quick start) into <workDir>/project: Pulumi.yaml with main
 * re-pointed at dist/, plus every Pulumi.<stack>.yaml.
 */
export function stageProject(example: string, workDir: string): StagedProject {
  const src = example === "." ? REPO_ROOT : path.join(REPO_ROOT, "examples", example);
  const compiled = example === "." ? path.join(REPO_ROOT, "dist", "index.js") : path.join(REPO_ROOT, "dist", "examples", example, "index.js");
  if (!fs.existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build`);
  const dir = path.join(workDir, "project");
  fs.mkdirSync(dir, { recursive: true });
  const yaml = fs.readFileSync(path.join(src, "Pulumi.yaml"), "utf8");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), withMain(yaml, path.relative(dir, compiled)));
  for (const f of fs.readdirSync(src)) {
    if (/^Pulumi\.[^.]+\.yaml$/.test(f)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  }
  const name = /^name:\s*(\S+)/m.exec(yaml)?.[1];
  if (!name) throw new Error(`${src}/Pulumi.yaml has no name`);
  return { dir, name };
}

/** Every file under dir whose text contains needle (for "no plaintext secret in state"). */
export function filesContaining(dir: string, needle: string | RegExp): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const text = fs.readFileSync(p, "utf8");
        if (typeof needle === "string" ? text.includes(needle) : needle.test(text)) hits.push(p);
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hits;
}
