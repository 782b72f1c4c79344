#!/usr/bin/env node
/**
 * `npx eternus-rec probe ...` (package.json bin "eternus-rec"). Exit codes: 0 every row consistent or not
 * observable, 2 some row contradicted (send us the report), 1 the probe itself failed (also: an array it
 * could not log in to).
 */
import * as path from "node:path";
import { drillProblem, drillPlanText } from "./drill/plan";
import { drillRequestOf, parseProbeArgs, USAGE } from "./args";
import { runProbe } from "./run";
import { readStackConfig } from "./stack-config";
import { knownNames } from "../config";

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "probe") {
    console.error(USAGE);
    return command === "--help" || command === "-h" ? 0 : 1;
  }
  const args = parseProbeArgs(rest);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const cfg = readStackConfig({ cwd: process.cwd(), stack: args.stack, pulumi: args.pulumi, env });
  const arrays = args.arrays.length ? args.arrays : knownNames(cfg, env);
  const drill = drillRequestOf(args);
  if (drill) {
    const problem = drillProblem(drill, arrays);
    if (problem) {
      console.error(`eternus-rec probe: drill refused: ${problem}`);
      console.error("drill: it would create, per array, two scratch volumes under the prefix eternus-rec-probe-<id>- and two REC sessions between them");
      return 1;
    }
    for (const l of drillPlanText(drill, arrays[0]!, arrays[1]!, "eternus-rec-probe-<id>-")) console.error(l);
  }
  const out = path.resolve(args.out ?? `eternus-probe-${stamp()}`);
  const ctl = new AbortController();
  const onSigint = () => {
    if (ctl.signal.aborted) process.exit(130);
    console.error("eternus-rec probe: interrupted; removing what the drill created (Ctrl-C again to quit now; then run the same command to clean up)");
    ctl.abort(new Error("interrupted"));
  };
  process.on("SIGINT", onSigint);
  try {
    const r = await runProbe({ cfg, arrays, env, outDir: out, drill, cleanupOnly: args.cleanup, signal: ctl.signal });
    console.log(r.report);
    console.log(`written: ${r.files.report}, ${r.files.transcript}${Object.values(r.files.dialects).map((f) => `, ${f}`).join("")}`);
    if (r.unreachable.length) {
      console.error(`eternus-rec probe: no login to ${r.unreachable.join(", ")}; see the FAILED lines above`);
      return 1;
    }
    return Object.values(r.verdicts).some((rows) => rows.some((x) => x.verdict === "contradicted")) ? 2 : 0;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e: Error & { code?: string }) => {
    console.error(`eternus-rec probe: ${e.code ? `${e.code}: ` : ""}${e.message}`);
    process.exit(1);
  });
}
