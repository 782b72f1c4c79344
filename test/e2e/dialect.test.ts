/**
 * The dialect under the real engine (issue 16 §2, docs/real-array.md section 5): examples/sync-mirror against
 * simulated arrays that speak ANOTHER dialect than the provider's defaults: `up`, a transfer-mode switch, a
 * failover with the copy path down (a forced suspend), destroy (a forced delete).
 * Once with the probe's dialect files pinned in stack config (not one refused request), once through the
 * one-time fallback alone (the simulator's log shows one refused request per open point and array, never more).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_DIALECT, Dialect, DIALECT_TABLE, DialectPoint } from "../../provider/api/dialect";
import { DIALECT_FILE_FORMAT, parseDialectFile } from "../../provider/api/dialect-file";
import { runProbe } from "../../provider/probe/run";
import { ManualRuntime } from "../helpers/manual-runtime";
import { e2eSuite, leftovers, E2E_ARRAY_PASSWORD, SuiteCtx } from "./helpers/suite";

const ARRAYS = ["site-a", "site-b"] as const;

/** A dialect file pinning every point of `d` (what the simulator speaks). */
function dialectFile(file: string, d: Dialect): string {
  const rows = Object.fromEntries((Object.keys(DIALECT_TABLE) as DialectPoint[]).map((p) => [String(DIALECT_TABLE[p].row), { form: d[p], evidence: "e2e" }]));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ format: DIALECT_FILE_FORMAT, probeVersion: "e2e", rows }));
  return file;
}

/**
 * The drill's own clock: its waits (a 2 s poll, the 120 s Stack watch) move a manual clock, each also
 * yielding 20 ms of real time so the simulator (on the wall clock, copying at 20 GB/s) gets on meanwhile.
 */
function drillRuntime() {
  const rt = new ManualRuntime();
  const sleep = async (ms: number, signal?: AbortSignal) => {
    await rt.sleep(ms, signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  return { sleep, now: rt.now, timeout: rt.timeout, random: rt.random, log: () => undefined };
}

/** "METHOD path -> 400" lines of the simulator's log (it logs every refused request). */
function refusedRequests(c: SuiteCtx): string[] {
  const log = path.join(c.workDir, "sim", "simulator.log");
  return fs.readFileSync(log, "utf8").split("\n").filter((l) => / \/api\/v1\/\S+ -> 400 /.test(l));
}

/** up, a transfer-mode switch, failover with the copy path down, destroy. */
function lifecycle(ctx: () => SuiteCtx): void {
  it("up: the mirror is created and Equivalent", async function () {
    const { p } = ctx();
    await p.up();
    const o = await p.outputs();
    assert.deepStrictEqual([o.status, o.phase, o.transferMode], ["Active", "Equivalent", "Synchronous"]);
  });

  it("a transfer-mode switch: same session, now Consistency", async function () {
    const { p, sim } = ctx();
    const before = (await p.outputs()).copySessionId;
    await p.configSet("transferMode", "Consistency");
    await p.up();
    const o = await p.outputs();
    assert.deepStrictEqual([o.transferMode, o.status, o.copySessionId], ["Consistency", "Active", before]);
    const [s] = await sim.api("site-a").sessions();
    assert.strictEqual(s!.transfer_mode, "Consistency");
  });

  it("failover with the copy path down (session Halt): a forced suspend", async function () {
    const { p, sim } = ctx();
    // Back to Synchronous first: an asynchronous mirror's failover needs acceptIncompleteMirror.
    await p.configSet("transferMode", "Synchronous");
    await p.up();
    await sim.api("site-a").admin("POST", "/copy-path", { peer: "site-b", up: false });
    await p.refresh();
    await p.configSet("failover", "true");
    await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.status, "Suspend");
    await sim.api("site-a").admin("POST", "/copy-path", { peer: "site-b", up: true });
  });

  it("destroy: a forced delete; nothing left on either array", async function () {
    const c = ctx();
    await c.p.destroy();
    assert.deepStrictEqual(await leftovers(c, { "site-a": ["business_vol01"] }), []);
  });
}

describe("e2e: an array speaking another dialect, its dialect files pinned in stack config", function () {
  // Forms the fallback cannot reach (not the next candidate): only pinning makes the provider speak them.
  const spoken: Dialect = { ...DEFAULT_DIALECT, forcedDelete: "query:is_forced", forcedSuspend: "body:force", jobDelete: "query:job_id", recCreate: "documented-only" };
  const file = dialectFile(path.join(__dirname, "..", "..", "..", ".e2e", "dialect-sim", "spoken.json"), spoken);
  const ctx = e2eSuite(this, "dialect-pinned", { example: "sync-mirror", sim: { dialect: file } });

  it("the probe's drill on each array writes the dialect file; stack config pins it per array", async function () {
    const c = ctx();
    const env: NodeJS.ProcessEnv = {};
    for (const a of c.sim.arrays) {
      const up = a.name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
      Object.assign(env, { [`ETERNUS_${up}_ENDPOINT`]: a.url, [`ETERNUS_${up}_USERNAME`]: "root", [`ETERNUS_${up}_PASSWORD`]: E2E_ARRAY_PASSWORD,
        [`ETERNUS_${up}_CA_CERT_FILE`]: a.caCertFile ?? "" });
    }
    // The drill settles the session rows on its first (source) array: once per array.
    for (const [first, second] of [ARRAYS, [...ARRAYS].reverse()]) {
      const outDir = path.join(c.workDir, `probe-${first}`);
      const r = await runProbe({ cfg: { arrays: {} }, arrays: [first!, second!], env, outDir, drill: { pools: { [first!]: 0, [second!]: 0 }, sizeMb: 1024 }, runtime: drillRuntime() });
      const parsed = parseDialectFile(fs.readFileSync(r.files.dialects[first!]!, "utf8"));
      assert.ok(!("problem" in parsed), JSON.stringify(parsed));
      for (const point of ["forcedDelete", "forcedSuspend", "jobDelete", "recCreate"] as const) assert.strictEqual(parsed.dialect[point], spoken[point], `${first}: ${point}`);
      await c.p.configSet(`eternus:arrays.${first}.dialectFile`, r.files.dialects[first!]!, { path: true });
    }
    assert.deepStrictEqual(await leftovers(c, { "site-a": ["business_vol01"] }), [], "the drill removed what it created");
  });

  let probeRefusals = 0;
  it("(the drill's own trials are the only refused requests so far)", function () {
    probeRefusals = refusedRequests(ctx()).length;
    assert.ok(probeRefusals > 0, "the drill tried the other forms");
  });

  lifecycle(ctx);

  it("the provider sent every request in the pinned forms: not one refused", function () {
    assert.deepStrictEqual(refusedRequests(ctx()).slice(probeRefusals), []);
  });
});

describe("e2e: an array speaking another dialect, through the one-time fallback alone", function () {
  // Each open point's NEXT candidate: what the fallback reaches.
  const spoken: Dialect = { ...DEFAULT_DIALECT, forcedDelete: "query:forced", forcedSuspend: "query:forced", jobDelete: "query:job_id", recCreate: "documented-only" };
  const file = dialectFile(path.join(__dirname, "..", "..", "..", ".e2e", "dialect-sim", "next.json"), spoken);
  const ctx = e2eSuite(this, "dialect-fallback", { example: "sync-mirror", sim: { dialect: file } });

  lifecycle(ctx);

  it("one refused request per open point per array and per provider process, never a repeat of an executed one", function () {
    const refused = refusedRequests(ctx()).map((l) => /(site-[ab]) (\w+) (\/api\/v1\/\S+) -> 400/.exec(l)!.slice(1, 4).join(" ").replace(/\/\d+(\/|$)/g, "/{id}$1"));
    // Every refused request names a form the array does not speak; each kind appears at most once per command
    // (a new plugin process learns again): up, up, up, refresh, up, destroy = 6 commands.
    const kinds = new Map<string, number>();
    for (const r of refused) kinds.set(r, (kinds.get(r) ?? 0) + 1);
    for (const [kind, n] of kinds) assert.ok(n <= 6, `${kind}: ${n} times`);
    assert.ok(kinds.has("site-a POST /api/v1/copysession/rec"), `REC create fell back: ${[...kinds.keys()].join(", ")}`);
    assert.strictEqual(kinds.get("site-a POST /api/v1/copysession/rec"), 1, "created once");
    assert.ok([...kinds.keys()].some((k) => k.endsWith("DELETE /api/v1/job")), "job deletion fell back");
    assert.ok(kinds.has("site-a POST /api/v1/copysession/{id}/suspend"), "the failover's forced suspend fell back");
    assert.ok(kinds.has("site-a DELETE /api/v1/copysession/{id}"), "destroy's forced delete fell back");
  });
});
