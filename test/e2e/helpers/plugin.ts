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

/** A fresh project folder and a PulumiProject whose PATH has the CLI and the language host(s) `hosts`. */
export function pluginProject(ctx: Mocha.Context, suite: string, ...hosts: string[]): PluginProject {
  return pluginProjectIn(ctx, suite, { workDir: () => freshDir(suite), hosts });
}

export interface PluginProjectOptions {
  /** Makes the work folder; called once the CLI is known (a skipped suite leaves no folder). */
  workDir: () => string;
  hosts: string[];
  /** More environment for every pulumi command. */
  env?: Record<string, string>;
}

/** As pluginProject, in a work folder of the caller's choice (e.g. outside the repository) and with more environment. */
export function pluginProjectIn(ctx: Mocha.Context, suite: string, o: PluginProjectOptions): PluginProject {
  const cliDir = requirePulumiCli(ctx, suite);
  const hostDirs = o.hosts.map((host) => {
    const d = languageHostDir(cliDir, host);
    if (!d) throw new Error(`${host} not found next to the CLI nor in .tools/pulumi/bin: run npm run setup:pulumi`);
    return d;
  });
  if (!fs.existsSync(path.join(REPO_ROOT, "dist/provider/plugin/schema.json"))) throw new Error("dist/provider/plugin/schema.json missing: run npm run build");
  const workDir = o.workDir();
  const dir = path.join(workDir, "project");
  fs.mkdirSync(dir);
  const p = new PulumiProject({ projectDir: dir, workDir, binDir: cliDir, stack: "e2e", env: { ...o.env, PATH: [cliDir, ...new Set(hostDirs), process.env.PATH ?? ""].join(path.delimiter) } });
  return { p, dir, workDir };
}

/**
 * The suite's cleanup hooks: after all tests, `close` (simulators), then the work folder is removed, or
 * kept and named when a test failed (to read pulumi.log and the simulator log).
 */
export function cleanupAfterSuite(suite: string, state: () => { workDir?: string; close?: () => Promise<void> }): void {
  let failed = false;
  afterEach(function () {
    if (this.currentTest?.state === "failed") failed = true;
  });
  after(async () => {
    const s = state();
    await s.close?.();
    if (failed) process.stdout.write(`      [e2e] ${suite}: kept ${s.workDir}\n`);
    else if (s.workDir) fs.rmSync(s.workDir, { recursive: true, force: true });
  });
}

/** `options:` and its lines under a YAML resource, or nothing. */
function yamlOptions(lines: readonly string[]): string {
  return lines.length === 0 ? "" : `    options:\n${lines.map((l) => `      ${l}\n`).join("")}`;
}

/**
 * The `resources:` block of the YAML suites' mirror: `mirror`, a RemoteVolume on site-b sized from site-a's
 * volume 100000, and `rec`, its RecSyncSession. `recProperties` are more property lines of `rec`;
 * `mirrorOptions` and `recOptions` the lines under each resource's `options:` (indentation relative to it).
 */
export function mirrorResourcesYaml(o: { recProperties?: string[]; mirrorOptions?: string[]; recOptions?: string[] } = {}): string {
  return `resources:
  mirror:
    type: eternus:index:RemoteVolume
    properties:
      array: site-b
      name: business_vol01_m
      sizeFrom:
        array: site-a
        volumeId: 100000
      tppId: 0
${yamlOptions(o.mirrorOptions ?? [])}  rec:
    type: eternus:index:RecSyncSession
    properties:
      sourceArray: site-a
      sourceVolumeId: 100000
      destinationArray: site-b
      destinationVolumeId: \${mirror.volumeId}
${(o.recProperties ?? []).map((l) => `      ${l}\n`).join("")}${yamlOptions(o.recOptions ?? [])}`;
}
