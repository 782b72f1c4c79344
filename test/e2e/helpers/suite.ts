/**
 * One e2e suite = one simulator + one staged project + one stack, set up in `before` (after the CLI check,
 * which skips or fails the suite) and torn down in `after`. The work folder under .e2e/ is removed when
 * every test of the suite passed and kept (path printed) otherwise.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { requirePulumiCli } from "./cli";
import { PulumiProject, PreviewJson } from "../../helpers/pulumi-cli";
import { freshDir, stageProject, filesContaining } from "./project";
import { startE2eSimulator, E2eSim } from "./sim";
import type { SimulatorOptions } from "../../../simulator";

/** Distinctive so a grep of the state finds it if it ever leaks. */
export const E2E_ARRAY_PASSWORD = "e2e-Arr4y-Pa55word-5b1d";

export interface SuiteCtx {
  sim: E2eSim;
  p: PulumiProject;
  workDir: string;
  projectDir: string;
  binDir: string;
}

export interface SuiteOptions {
  example: string;
  stack?: string;
  sim?: SimulatorOptions;
  /** Configure eternus:arrays for every simulated array (default true). */
  configureArrays?: boolean;
}

/**
 * Register before/after hooks; returns a getter for the context (valid inside tests).
 */
export function e2eSuite(suite: Mocha.Suite, name: string, o: SuiteOptions): () => SuiteCtx {
  let ctx: SuiteCtx | undefined;
  let failed = false;
  suite.timeout(15 * 60_000);

  suite.beforeAll(async function () {
    const binDir = requirePulumiCli(this, name);
    const workDir = freshDir(name.replace(/[^a-z0-9]+/gi, "-"));
    const sim = await startE2eSimulator(path.join(workDir, "sim"), { password: E2E_ARRAY_PASSWORD, ...o.sim });
    try {
      const staged = stageProject(o.example, workDir);
      const p = new PulumiProject({ projectDir: staged.dir, workDir, binDir, stack: o.stack ?? "e2e" });
      await p.init();
      if (o.configureArrays !== false) await p.configureArrays(sim.arrays, { password: E2E_ARRAY_PASSWORD });
      ctx = { sim, p, workDir, projectDir: staged.dir, binDir };
    } catch (e) {
      await sim.close();
      throw e;
    }
  });

  suite.afterEach(function () {
    if (this.currentTest?.state === "failed") failed = true;
  });

  suite.afterAll(async function () {
    if (!ctx) return;
    await ctx.sim.close();
    if (failed) process.stdout.write(`      [e2e] ${name}: kept ${ctx.workDir} (pulumi.log, simulator log, state)\n`);
    else fs.rmSync(ctx.workDir, { recursive: true, force: true });
  });

  return () => {
    if (!ctx) throw new Error(`suite ${name} was not set up`);
    return ctx;
  };
}

/** Steps of the preview other than "same", keyed by resource name (last URN segment). */
export function changes(pv: PreviewJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of pv.steps) {
    if (s.op === "same") continue;
    out[s.urn.split("::").pop()!] = s.op;
  }
  return out;
}

export function assertNoChanges(pv: PreviewJson, what: string): void {
  assert.deepStrictEqual(changes(pv), {}, `${what}: expected no changes, preview shows ${JSON.stringify(pv.changeSummary)}`);
}

/** No array password and no REST token the simulator issued appears anywhere in the backend folder. */
export function assertNoPlaintextSecrets(c: SuiteCtx, extra: string[] = []): void {
  const backend = c.p.backendDir;
  assert.ok(c.p.stateFiles().length > 0, `no state files under ${backend}`);
  for (const secret of [E2E_ARRAY_PASSWORD, ...extra]) {
    const hits = filesContaining(backend, secret);
    assert.deepStrictEqual(hits, [], `the array password appears in plaintext in ${hits.join(", ")}`);
  }
  const tokens = c.sim.seenTokens();
  assert.ok(tokens.length > 0, "the simulator issued no tokens?");
  for (const t of tokens) {
    const hits = filesContaining(backend, t);
    assert.deepStrictEqual(hits, [], `a REST token of the simulator appears in ${hits.join(", ")}`);
  }
  const bearer = filesContaining(backend, /Bearer [A-Za-z0-9_-]{16,}/);
  assert.deepStrictEqual(bearer, [], `an Authorization header value appears in ${bearer.join(", ")}`);
}

/** Volumes and sessions left on the arrays (what destroy must have removed). */
export async function leftovers(c: SuiteCtx, keep: Record<string, string[]>): Promise<string[]> {
  const out: string[] = [];
  for (const a of c.sim.arrays) {
    const api = c.sim.api(a.name);
    for (const v of await api.volumes()) {
      if (!(keep[a.name] ?? []).includes(v.name)) out.push(`${a.name}: volume ${v.name} (${v.volume_id})`);
    }
    for (const s of await api.sessions()) out.push(`${a.name}: copy session ${s.copysession_id} (${s.status}/${s.phase})`);
  }
  return out;
}
