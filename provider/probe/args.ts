/**
 * The command line of `eternus-rec probe`. Credentials never travel on it (shell history, process lists): an
 * option that looks like one is refused with the way to give it instead.
 */
import { EternusConfigError } from "../client/errors";
import type { DrillRequest } from "./drill/plan";

export interface ProbeArgs {
  arrays: string[];
  stack?: string;
  out?: string;
  pulumi?: string;
  drill: boolean;
  cleanup: boolean;
  pools: Record<string, number>;
  sizeMb?: number;
  help: boolean;
}

export const USAGE = `usage: eternus-rec probe [--array NAME]... [--stack NAME] [--out DIR]
                         [--drill --pool NAME=POOL_ID --pool NAME=POOL_ID --size-mb N] [--cleanup]

Read-only by default (a login and a logout aside). Arrays, endpoints, users, passwords and CAs come from the
stack config (run inside the Pulumi project; --stack picks the stack) or ETERNUS_<NAME>_* variables, exactly as
for the provider. Writes report.txt, dialect-<array>.json and transcript.jsonl into --out
(default ./eternus-probe-<date>). See docs/real-array.md.
  --drill      also exercise every call on scratch volumes between the two --array arrays (source first)
  --cleanup    only remove what an earlier drill left behind (by its record and prefix)`;

const CREDENTIAL = /pass(word)?|passwd|secret|token|credential/i;

function fail(message: string): never {
  throw new EternusConfigError(`${message}\n${USAGE}`);
}

export function parseProbeArgs(argv: readonly string[]): ProbeArgs {
  const a: ProbeArgs = { arrays: [], drill: false, cleanup: false, pools: {}, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.indexOf("=");
    const flag = raw.startsWith("--") && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith("--") && eq > 0 ? raw.slice(eq + 1) : undefined;
    if (CREDENTIAL.test(flag)) {
      fail(`${flag}: the probe never takes a credential on the command line; set it with ` +
        "pulumi config set --secret --path 'eternus:arrays.<name>.password' or the ETERNUS_<NAME>_PASSWORD variable");
    }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") fail(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--array": a.arrays.push(value()); break;
      case "--stack": a.stack = value(); break;
      case "--out": a.out = value(); break;
      case "--pulumi": a.pulumi = value(); break;
      case "--drill": a.drill = true; break;
      case "--cleanup": a.cleanup = true; break;
      case "--help": case "-h": a.help = true; break;
      case "--size-mb": {
        const n = Number(value());
        if (!Number.isInteger(n)) fail("--size-mb must be an integer (MB)");
        a.sizeMb = n;
        break;
      }
      case "--pool": {
        const m = /^(.+)=(\d+)$/.exec(value());
        if (!m) fail("--pool takes <array>=<pool id>, e.g. --pool tokyo=0");
        a.pools[m[1]!] = Number(m[2]);
        break;
      }
      default: fail(`unknown argument ${raw}`);
    }
  }
  if (!a.drill && (Object.keys(a.pools).length || a.sizeMb !== undefined)) fail("--pool and --size-mb belong to --drill; the probe is read-only without it");
  if (a.drill && a.cleanup) fail("--drill already cleans up first; use one of --drill and --cleanup");
  return a;
}

/** The drill request of the arguments (validated against the arrays by drill/plan.ts drillProblem). */
export function drillRequestOf(a: ProbeArgs): DrillRequest | undefined {
  return a.drill ? { pools: a.pools, sizeMb: a.sizeMb ?? NaN } : undefined;
}
