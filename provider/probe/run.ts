/**
 * `eternus-rec probe`: per array the read-only look and its verdicts; with a drill request, the drill on
 * scratch volumes between the first two arrays (drill/run.ts), whose verdicts replace the read-only ones of
 * the rows it exercised. Writes report.txt, dialect-<array>.json and transcript.jsonl into `outDir`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ProviderConfig, knownNames } from "../config";
import { EternusConfigError } from "../client/errors";
import { defaultRuntime, Runtime } from "../client/runtime";
import { PROVIDER_VERSION } from "../version";
import { redactDeep, TranscriptWriter } from "../trace/transcript";
import { Connected, connectArray, knownSecrets } from "./connect";
import { dialectFileFor } from "./dialect-output";
import type { DrillHooks, DrillRequest } from "./drill/plan";
import { cleanupLeftovers, runDrill } from "./drill/run";
import { observeArray } from "./observe";
import { ArrayReport, renderReport } from "./report";
import type { RowVerdict } from "./rows";
import { arrayFacts, readOnlyVerdicts } from "./verdicts";

export interface ProbeOptions {
  cfg: ProviderConfig;
  /** Default: every array the config and the environment know. */
  arrays?: string[];
  env?: NodeJS.ProcessEnv;
  outDir: string;
  runtime?: Partial<Runtime>;
  drill?: DrillRequest;
  /** Only remove what earlier drills left behind (drill/record.ts). */
  cleanupOnly?: boolean;
  /** The drill's local record of what it created (default <outDir>/../.eternus-probe-drill.json). */
  recordFile?: string;
  hooks?: DrillHooks;
  signal?: AbortSignal;
}

export interface ProbeResult {
  report: string;
  files: { report: string; transcript: string; dialects: Record<string, string> };
  verdicts: Record<string, RowVerdict[]>;
  /** Arrays the probe could not log in to (the report says why). */
  unreachable: string[];
}

export function defaultRecordFile(outDir: string): string {
  return path.join(path.dirname(path.resolve(outDir)), ".eternus-probe-drill.json");
}

export async function runProbe(o: ProbeOptions): Promise<ProbeResult> {
  const env = o.env ?? process.env;
  const rt = defaultRuntime(o.runtime);
  const names = o.arrays?.length ? o.arrays : knownNames(o.cfg, env);
  if (!names.length) throw new EternusConfigError("no array to probe: configure eternus:arrays in the stack, set ETERNUS_<NAME>_ENDPOINT, or name one with --array");
  if (o.cfg.error) throw new EternusConfigError(o.cfg.error);
  fs.mkdirSync(o.outDir, { recursive: true });
  const transcriptFile = path.join(o.outDir, "transcript.jsonl");
  const connected = new Map<string, Connected>();
  const secrets = () => [...knownSecrets(o.cfg, env), ...[...connected.values()].map((c) => c.conn.password)];
  const transcript = new TranscriptWriter(transcriptFile, secrets);
  // The report and the dialect files quote the arrays' messages: the same redaction as the transcript.
  const write = (outDir: string, report: string, dialects: Record<string, string>, texts: Record<string, string>) =>
    writeOutputs(outDir, redactDeep(report, secrets()) as string, transcriptFile, dialects,
      Object.fromEntries(Object.entries(texts).map(([f, t]) => [f, redactDeep(t, secrets()) as string])));
  const recordFile = o.recordFile ?? defaultRecordFile(o.outDir);
  try {
    for (const n of names) connected.set(n, connectArray(o.cfg, n, env, transcript, rt));
    if (o.cleanupOnly) {
      const left = await cleanupLeftovers({ recordFile, arrays: connected, rt, transcript, signal: o.signal });
      const report = `eternus-rec probe --cleanup (${PROVIDER_VERSION})\n${left.join("\n")}\n`;
      return write(o.outDir, report, {}, {});
    }
    const reports: ArrayReport[] = [];
    const verdicts: Record<string, RowVerdict[]> = {};
    const firmware: Record<string, string | undefined> = {};
    const unreachable: string[] = [];
    for (const [n, c] of connected) {
      transcript.note("read-only probe", n);
      const obs = await observeArray(c.client, c.exchanges, { insecure: c.conn.insecureSkipVerify === true, signal: o.signal });
      verdicts[n] = readOnlyVerdicts(obs);
      firmware[n] = obs.system?.firmware_version;
      if (!obs.session) unreachable.push(n);
      reports.push({ array: n, facts: arrayFacts(obs), rows: verdicts[n] });
    }
    const header = [`eternus-rec probe ${PROVIDER_VERSION}: ${o.drill ? "read-only look and drill" : "read-only"} (${new Date().toISOString()})`];
    if (o.drill && unreachable.length) throw new EternusConfigError(`drill refused: no login to ${unreachable.join(", ")} (${reports.flatMap((r) => r.facts.filter((f) => f.startsWith("FAILED"))).join("; ")})`);
    if (o.drill) {
      const drilled = await runDrill({ request: o.drill, arrays: connected, rt, transcript, recordFile, hooks: o.hooks, signal: o.signal });
      header.push(...drilled.lines);
      for (const [n, rows] of Object.entries(drilled.rows)) {
        const merged = verdicts[n]!.map((v) => rows.find((r) => r.row === v.row) ?? v);
        verdicts[n] = merged;
        reports.find((r) => r.array === n)!.rows = merged;
      }
    }
    const dialects: Record<string, string> = {};
    const dialectTexts: Record<string, string> = {};
    for (const [n, rows] of Object.entries(verdicts)) {
      const file = dialectFileFor({ array: n, firmware: firmware[n], probeVersion: PROVIDER_VERSION, rows });
      dialects[n] = path.join(o.outDir, `dialect-${n.replace(/[^A-Za-z0-9_.-]/g, "_")}.json`);
      dialectTexts[dialects[n]!] = `${JSON.stringify(file, null, 2)}\n`;
    }
    return { ...write(o.outDir, renderReport(header, reports), dialects, dialectTexts), verdicts, unreachable };
  } finally {
    await Promise.all([...connected.values()].map((c) => c.client.close()));
  }
}

function writeOutputs(outDir: string, report: string, transcript: string, dialects: Record<string, string>, texts: Record<string, string>): ProbeResult {
  const reportFile = path.join(outDir, "report.txt");
  fs.writeFileSync(reportFile, report);
  for (const [file, text] of Object.entries(texts)) fs.writeFileSync(file, text);
  return { report, files: { report: reportFile, transcript, dialects }, verdicts: {}, unreachable: [] };
}
