/**
 * What the e2e suites of the provider plugin share: the language hosts (next to the CLI, else in this
 * repository's .tools, where setup:pulumi puts them) and a project whose PATH holds them.
 */
import * as fs from "fs";
import * as path from "path";
import { freshDir } from "./project";
import { requirePulumiCli } from "./cli";
import { PulumiProject, REPO_ROOT } from "../../helpers/pulumi-cli";

/** The folder holding `host` (e.g. pulumi-language-yaml): next to the CLI, else .tools/pulumi/bin. */
export function languageHostDir(cliDir: string, host: string): string | undefined {
  return [cliDir, path.join(REPO_ROOT, ".tools/pulumi/bin")].find((d) => fs.existsSync(path.join(d, host)));
}

/** The `plugins:` block of a Pulumi.yaml that runs this repository's plugin (bin/pulumi-resource-eternus). */
export const PLUGIN_BLOCK = `plugins:
  providers:
    - name: eternus
      path: ${path.join(REPO_ROOT, "bin")}
`;

export interface PluginProject { p: PulumiProject; dir: string; workDir: string }

/** A fresh project folder and a PulumiProject whose PATH has the CLI and the language host `host`. */
export function pluginProject(ctx: Mocha.Context, suite: string, host: string): PluginProject {
  const cliDir = requirePulumiCli(ctx, suite);
  const hostDir = languageHostDir(cliDir, host);
  if (!hostDir) throw new Error(`${host} not found next to the CLI nor in .tools/pulumi/bin: run npm run setup:pulumi`);
  if (!fs.existsSync(path.join(REPO_ROOT, "dist/provider/plugin/schema.json"))) throw new Error("dist/provider/plugin/schema.json missing: run npm run build");
  const workDir = freshDir(suite);
  const dir = path.join(workDir, "project");
  fs.mkdirSync(dir);
  const p = new PulumiProject({ projectDir: dir, workDir, binDir: cliDir, stack: "e2e", env: { PATH: `${cliDir}${path.delimiter}${hostDir}${path.delimiter}${process.env.PATH ?? ""}` } });
  return { p, dir, workDir };
}
