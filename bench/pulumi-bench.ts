/**
 * Provider bench (never part of the tests): N MirroredVolumes (N = 1, 10, 50 by default) through `up`,
 * `refresh`, a transfer-mode switch and `destroy`, under the real `pulumi` CLI and directly through the
 * dynamic provider objects, against the in-process simulator behind a counting proxy.
 *
 *   npm run bench                          (all of N = 1,10,50, both modes)
 *   BENCH_N=1,10 npm run bench             or: node dist/bench/pulumi-bench.js --n 1,10 --modes engine
 *   options / env: --n BENCH_N, --modes BENCH_MODES (engine,direct), --job-latency-ms BENCH_JOB_LATENCY_MS (200),
 *   --volume-mb BENCH_VOLUME_MB (2000), --copy-rate BENCH_COPY_RATE (200 MB/s), --http BENCH_HTTP=1 (plain HTTP),
 *   --parallel BENCH_PARALLEL (the engine's --parallel; default: the CLI's own, 4 x CPUs), --out BENCH_OUT (bench/results),
 *   --bandwidth BENCH_BANDWIDTH (MB/s of the copy path, shared by its copying sessions; default none),
 *   modes also `group` (the N mirrors as ONE MirroredVolumeGroup under the CLI)
 *
 * Prints one table, writes <out>/latest.json and <out>/latest.svg. See bench/README.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { startSimulator, type SimulatorHandle } from "../simulator";
import { pulumiLookup, REPO_ROOT } from "../test/helpers/pulumi-cli";
import { SimRest } from "../test/helpers/sim-rest";
import { BOUND_FORMULA, MINIMUM, OPS, lowerBoundMs, minimumPerMirror, type Op, type Settings } from "./lib/bounds";
import { CountingProxy, type ArrayCounts } from "./lib/counting-proxy";
import { DirectMirrors } from "./lib/direct-mode";
import { EngineMirrors, type StateSize } from "./lib/engine-mode";
import { sampleRss } from "./lib/proc-rss";
import { chartSvg, type Series } from "./lib/svg-chart";

/** engine: N MirroredVolumes under the CLI; group: one MirroredVolumeGroup of N under the CLI; direct: no engine. */
type Mode = "engine" | "group" | "direct";
const KNOWN_MODES: Mode[] = ["engine", "group", "direct"];

interface OpResult {
  op: Op;
  wallMs: number;
  boundMs: number;
  sharedLinkBoundMs: number;
  requests: number;
  requestsPerMirror: number;
  minimumPerMirror: number;
  peakInFlight: Record<string, number>;
  /** Peak RSS of the dynamic-provider plugin (engine mode only). */
  pluginRssMb: number | null;
  byArray: Record<string, ArrayCounts>;
}

interface RunResult {
  mode: Mode;
  n: number;
  ops: OpResult[];
  state: StateSize | null;
}

const { values: args } = parseArgs({
  options: {
    n: { type: "string" }, modes: { type: "string" }, "job-latency-ms": { type: "string" },
    "volume-mb": { type: "string" }, "copy-rate": { type: "string" }, http: { type: "boolean" }, out: { type: "string" },
    parallel: { type: "string" }, bandwidth: { type: "string" },
  },
});
const env = process.env;
const NS = (args.n ?? env.BENCH_N ?? "1,10,50").split(",").map(Number);
const MODES = (args.modes ?? env.BENCH_MODES ?? "engine,direct").split(",") as Mode[];
const SETTINGS: Settings = {
  jobLatencyMs: Number(args["job-latency-ms"] ?? env.BENCH_JOB_LATENCY_MS ?? 200),
  volumeMb: Number(args["volume-mb"] ?? env.BENCH_VOLUME_MB ?? 2000),
  copyRateMbps: Number(args["copy-rate"] ?? env.BENCH_COPY_RATE ?? 200),
  ...((args.bandwidth ?? env.BENCH_BANDWIDTH) ? { bandwidthMbps: Number(args.bandwidth ?? env.BENCH_BANDWIDTH) } : {}),
};
const HTTPS = !(args.http || env.BENCH_HTTP === "1");
/** The engine's --parallel; unset = the CLI's default (4 x CPUs in v3.274, so 8 on 2 cores). */
const PARALLEL = (args.parallel ?? env.BENCH_PARALLEL) ? Number(args.parallel ?? env.BENCH_PARALLEL) : undefined;
const OUT = path.resolve(args.out ?? env.BENCH_OUT ?? path.join(REPO_ROOT, "bench", "results"));
const PASSWORD = "bench-Pa55word";

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

if (NS.some((n) => !Number.isInteger(n) || n < 1 || n > 128) || MODES.some((m) => !KNOWN_MODES.includes(m))) {
  process.stderr.write(`bad --n (integers 1..128) or --modes (${KNOWN_MODES.join(",")}): ${NS} ${MODES}\n`);
  process.exit(2);
}

/** N business volumes of S MB on site-a (one POST with count=N); their REST ids. */
async function seedSources(sim: SimulatorHandle, n: number): Promise<number[]> {
  const rest = new SimRest(sim.arrays[0]!, { user: "root", password: PASSWORD });
  try {
    return await rest.withLogin(async (c) => {
      const job = await c.job("POST", "/volume", { name: "bench_src_", capacity: SETTINGS.volumeMb, tpp_id: 0, count: n, start_number: 0, number_of_digits: 3 });
      if (job.status !== "Success") throw new Error(`creating the sources: ${JSON.stringify(job)}`);
      const vols = await c.list<{ volume_id: number; name: string }>("/volume", "volume_list");
      return vols.filter((v) => v.name.startsWith("bench_src_")).map((v) => v.volume_id).sort((a, b) => a - b);
    });
  } finally {
    await rest.close();
  }
}

/** The copy path site-a <-> site-b gets bandwidth B, shared by the sessions copying on it. */
async function setBandwidth(sim: SimulatorHandle, mbps: number): Promise<void> {
  const rest = new SimRest(sim.arrays[0]!, { user: "root", password: PASSWORD });
  try {
    await rest.withLogin((c) => c.admin("POST", "/copy-path", { peer: sim.arrays[1]!.name, bandwidth_mbps: mbps }));
  } finally {
    await rest.close();
  }
}

/** What the arrays hold after an operation: the bench fails rather than report numbers of work not done. */
async function verify(sim: SimulatorHandle, op: Op, n: number): Promise<void> {
  const rest = new SimRest(sim.arrays[0]!, { user: "root", password: PASSWORD });
  try {
    const sessions = await rest.withLogin((c) => c.list<{ phase: string; transfer_mode: string }>("/copysession", "copysession_list"));
    const want = op === "destroy" ? 0 : n;
    if (sessions.length !== want) throw new Error(`after ${op}: ${sessions.length} sessions on site-a, expected ${want}`);
    const mode = op === "switch" ? "Consistency" : "Synchronous";
    const bad = sessions.filter((s) => s.phase !== "Equivalent" || s.transfer_mode !== mode);
    if (bad.length) throw new Error(`after ${op}: sessions not ${mode}/Equivalent: ${JSON.stringify(bad.slice(0, 3))}`);
  } finally {
    await rest.close();
  }
}

async function runOne(mode: Mode, n: number, binDir: string | null): Promise<RunResult> {
  const workDir = path.join(REPO_ROOT, ".e2e", `bench-${mode}-${n}-${Date.now()}`);
  fs.mkdirSync(workDir, { recursive: true });
  const simLog = path.join(workDir, "simulator.log");
  const sim = await startSimulator({
    jobLatencyMs: SETTINGS.jobLatencyMs, copyRateMbps: SETTINGS.copyRateMbps, password: PASSWORD,
    http: !HTTPS, tlsDir: path.join(workDir, "sim-tls"), log: (l) => fs.appendFileSync(simLog, l + "\n"),
  });
  let proxy: CountingProxy | undefined;
  let engine: EngineMirrors | undefined;
  const ops: OpResult[] = [];
  let state: StateSize | null = null;
  try {
    if (SETTINGS.bandwidthMbps) await setBandwidth(sim, SETTINGS.bandwidthMbps);
    const sources = await seedSources(sim, n);
    proxy = await CountingProxy.start(sim.arrays, { https: HTTPS, tlsDir: path.join(workDir, "proxy-tls") });
    const arrays = proxy.arrays;
    let direct: DirectMirrors | undefined;
    if (mode !== "direct") engine = await EngineMirrors.setUp(workDir, binDir!, arrays, sources, PASSWORD, PARALLEL, mode === "group");
    else {
      direct = await DirectMirrors.configure(JSON.stringify(Object.fromEntries(arrays.map((a) => [a.name, {
        endpoint: a.url, username: "root", password: PASSWORD, ...(a.caCertFile ? { caCertFile: a.caCertFile } : {}),
      }]))));
    }
    for (const op of OPS) {
      if (engine) await engine.prepare(op);
      proxy.reset();
      const rss = sampleRss();
      const t0 = process.hrtime.bigint();
      await (engine ? engine.run(op) : direct!.run(op, sources));
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const rssPeak = rss.stop();
      const byArray = proxy.snapshot();
      await verify(sim, op, n);
      const requests = Object.values(byArray).reduce((s, a) => s + a.total, 0);
      ops.push({
        op, wallMs,
        boundMs: lowerBoundMs(op, n, SETTINGS, false),
        sharedLinkBoundMs: lowerBoundMs(op, n, SETTINGS, true),
        requests, requestsPerMirror: requests / n, minimumPerMirror: minimumPerMirror(op, n),
        peakInFlight: Object.fromEntries(Object.entries(byArray).map(([k, a]) => [k, a.peakInFlight])),
        pluginRssMb: engine ? rssPeak / 2 ** 20 : null,
        byArray,
      });
      say(`${mode} N=${n} ${op}: ${(wallMs / 1000).toFixed(1)} s, ${requests} requests`);
      if (engine && op === "up") state = await engine.stateSize(n);
    }
    await engine?.tearDown();
    if (process.env.BENCH_KEEP) say(`${mode} N=${n}: kept ${workDir} (BENCH_KEEP)`);
    else fs.rmSync(workDir, { recursive: true, force: true });
    return { mode, n, ops, state };
  } catch (e) {
    say(`${mode} N=${n} failed; kept ${workDir} (pulumi.log, simulator.log)`);
    throw e;
  } finally {
    await proxy?.close();
    await sim.close();
  }
}

const f1 = (x: number) => x.toFixed(1);

function table(results: RunResult[]): string {
  const head = ["mode", "N", "op", "wall s", "bound s", "wall/bound", "shared-link bound s", "req/mirror", "min/mirror", "peak in-flight a/b", "plugin RSS MB", "state B/mirror", "state B vol/sess"];
  const rows: string[][] = [];
  for (const r of results) {
    for (const o of r.ops) {
      rows.push([
        r.mode, String(r.n), o.op, f1(o.wallMs / 1000), f1(o.boundMs / 1000),
        o.boundMs > 0 ? f1(o.wallMs / o.boundMs) : "-", f1(o.sharedLinkBoundMs / 1000),
        f1(o.requestsPerMirror), f1(o.minimumPerMirror),
        Object.values(o.peakInFlight).join("/"), o.pluginRssMb === null ? "-" : f1(o.pluginRssMb),
        o.op === "up" && r.state ? String(r.state.perMirrorBytes) : "",
        o.op === "up" && r.state ? `${r.state.remoteVolumeBytes}/${r.state.recSyncSessionBytes}` : "",
      ]);
    }
  }
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => (i < 3 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(" | ") + " |";
  return [line(head), "|" + w.map((x, i) => (i < 3 ? "-" : "") + "-".repeat(x + 1) + (i < 3 ? "" : ":")).join("|") + "|", ...rows.map(line)].join("\n");
}

function chart(results: RunResult[]): string {
  const colors: Record<Op, string> = { up: "#1f77b4", refresh: "#2ca02c", switch: "#ff7f0e", destroy: "#d62728" };
  const get = (mode: Mode, op: Op, pick: (o: OpResult) => number) =>
    NS.map((n) => {
      const o = results.find((r) => r.mode === mode && r.n === n)?.ops.find((x) => x.op === op);
      return o ? pick(o) : null;
    });
  const time: Series[] = [];
  const reqs: Series[] = [];
  for (const op of OPS) {
    for (const mode of MODES) {
      time.push({ label: `${op} (${mode})`, color: colors[op], dashed: mode === "direct", values: get(mode, op, (o) => o.wallMs / 1000) });
      reqs.push({ label: `${op} (${mode})`, color: colors[op], dashed: mode === "direct", values: get(mode, op, (o) => o.requestsPerMirror) });
    }
  }
  time.push({ label: "up lower bound", color: "#999", dashed: true, values: NS.map((n) => lowerBoundMs("up", n, SETTINGS, false) / 1000) });
  reqs.push({ label: "up minimum", color: "#999", dashed: true, values: NS.map((n) => minimumPerMirror("up", n)) });
  return chartSvg("pulumi-eternus-rec bench", NS, [
    { title: "wall time per operation (solid: engine, dashed: direct)", yLabel: "seconds", series: time },
    { title: "REST requests per mirror", yLabel: "requests / mirror", series: reqs },
  ]);
}

async function main(): Promise<void> {
  let binDir: string | null = null;
  if (MODES.some((m) => m !== "direct")) {
    const cli = pulumiLookup();
    if (!cli.dir) throw new Error(`engine mode needs the Pulumi CLI: ${cli.reason} (or BENCH_MODES=direct)`);
    binDir = cli.dir;
    say(`Pulumi CLI: ${cli.dir} (${cli.source})`);
  }
  say(`N = ${NS.join(", ")}; modes ${MODES.join(", ")}; job latency ${SETTINGS.jobLatencyMs} ms, volumes ${SETTINGS.volumeMb} MB, copy ${SETTINGS.copyRateMbps} MB/s${SETTINGS.bandwidthMbps ? `, path bandwidth ${SETTINGS.bandwidthMbps} MB/s shared` : ""}, ${HTTPS ? "HTTPS" : "HTTP"}; engine --parallel ${PARALLEL ?? "default"}`);
  const results: RunResult[] = [];
  for (const n of NS) for (const mode of MODES) results.push(await runOne(mode, n, binDir));

  const text = table(results);
  process.stdout.write(`\n${text}\n\nbound: ${BOUND_FORMULA}; L = ${SETTINGS.jobLatencyMs} ms, S = ${SETTINGS.volumeMb} MB, R = ${SETTINGS.copyRateMbps} MB/s${SETTINGS.bandwidthMbps ? `, B = ${SETTINGS.bandwidthMbps} MB/s` : ""}; engine --parallel ${PARALLEL ?? "default (4 x CPUs)"}\n`);
  fs.mkdirSync(OUT, { recursive: true });
  const doc = {
    date: new Date().toISOString(), node: process.version, https: HTTPS, engineParallel: PARALLEL ?? "CLI default", settings: SETTINGS, ns: NS, modes: MODES,
    boundFormula: BOUND_FORMULA, minimum: MINIMUM, results, table: text,
  };
  fs.writeFileSync(path.join(OUT, "latest.json"), JSON.stringify(doc, null, 2) + "\n");
  fs.writeFileSync(path.join(OUT, "latest.svg"), chart(results));
  say(`wrote ${path.relative(REPO_ROOT, path.join(OUT, "latest.json"))} and latest.svg`);
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
