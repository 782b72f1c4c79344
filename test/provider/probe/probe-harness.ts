/**
 * Two simulated arrays on a manual clock, each behind a counting proxy, and a probe run against them with
 * ETERNUS_<NAME>_* variables, as a storage admin would outside a project. Another dialect is spoken either
 * by the simulator itself (its `dialect` option: a dialect file) or by the translating proxy.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Dialect, DEFAULT_DIALECT, DIALECT_TABLE, DialectPoint } from "../../../provider/api/dialect";
import { DIALECT_FILE_FORMAT } from "../../../provider/api/dialect-file";
import { runProbe, ProbeOptions, ProbeResult } from "../../../provider/probe/run";
import { startSimulator, SimulatorHandle } from "../../../simulator";
import { ManualRuntime } from "../../helpers/manual-runtime";
import { ArrayProxy, startArrayProxy } from "./array-proxy";

export const PASSWORD = "probe-Secret-pw-8311";
export const ARRAYS = ["site-a", "site-b"];

export interface ProbeHarness {
  sim: SimulatorHandle;
  rt: ManualRuntime;
  proxies: ArrayProxy[];
  env: NodeJS.ProcessEnv;
  dir: string;
  logs: string[];
  probe(o?: Partial<ProbeOptions> & { name?: string }): Promise<ProbeResult>;
  /** Names of volumes and ids of copy sessions the drill may have left on each array (via the world). */
  leftovers(): { volumes: string[]; sessions: number[] };
  close(): Promise<void>;
}

export async function startProbeHarness(dialect: Dialect = DEFAULT_DIALECT, spokenBy: "proxy" | "simulator" = "proxy"): Promise<ProbeHarness> {
  const rt = new ManualRuntime();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eternus-probe-test-"));
  const simDialect = spokenBy === "simulator" && dialect !== DEFAULT_DIALECT ? writeDialectFile(path.join(dir, "sim-dialect.json"), dialect) : undefined;
  const sim = await startSimulator({ http: true, copyRateMbps: 100_000, jobLatencyMs: 5, password: PASSWORD, log: () => undefined, clock: rt.clock, dialect: simDialect });
  const proxies = await Promise.all(sim.arrays.map((a) => startArrayProxy(a.url, spokenBy === "proxy" ? dialect : DEFAULT_DIALECT)));
  const env: NodeJS.ProcessEnv = {};
  ARRAYS.forEach((name, i) => {
    const up = name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
    env[`ETERNUS_${up}_ENDPOINT`] = proxies[i]!.url;
    env[`ETERNUS_${up}_USERNAME`] = "root";
    env[`ETERNUS_${up}_PASSWORD`] = PASSWORD;
    env[`ETERNUS_${up}_ALLOW_HTTP`] = "true";
  });
  const logs: string[] = [];
  let n = 0;
  return {
    sim, rt, proxies, env, dir, logs,
    probe: (o = {}) => runProbe({
      cfg: { arrays: {} }, arrays: ARRAYS, env, outDir: path.join(dir, o.name ?? `out-${++n}`),
      recordFile: path.join(dir, "drill-record.json"),
      runtime: { sleep: rt.sleep, now: rt.now, timeout: rt.timeout, random: rt.random, log: (l) => logs.push(l) },
      ...o,
    }),
    leftovers: () => {
      const volumes: string[] = [];
      for (const a of sim.world.arrays.values()) for (const v of a.volumes.values()) if (v.name.startsWith("eternus-rec-probe-")) volumes.push(`${a.name}:${v.name}`);
      return { volumes, sessions: [...sim.world.sessions.keys()] };
    },
    close: async () => {
      await Promise.all(proxies.map((p) => p.close()));
      await sim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A dialect file pinning every point of `dialect` (the probe's format). */
export function writeDialectFile(file: string, dialect: Dialect): string {
  const rows = Object.fromEntries((Object.keys(DIALECT_TABLE) as DialectPoint[])
    .map((p) => [String(DIALECT_TABLE[p].row), { form: dialect[p], evidence: "test" }]));
  fs.writeFileSync(file, JSON.stringify({ format: DIALECT_FILE_FORMAT, probeVersion: "test", rows }));
  return file;
}

/** Every file the probe wrote in `dir`, checked for the password and every token the arrays issued. */
export function assertNoSecrets(dir: string, secrets: readonly string[]): void {
  assert.ok(secrets.length > 1, "the proxies saw the tokens");
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, f);
    if (!fs.statSync(p).isFile()) continue;
    const text = fs.readFileSync(p, "utf8");
    for (const s of secrets) assert.ok(!text.includes(s), `${f} holds a secret (${s.slice(0, 3)}...)`);
  }
}
