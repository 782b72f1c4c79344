/**
 * What the drill needs before it writes anything: the explicit flag, a pool (TPP id) on each of the two
 * arrays and a small size; and the text of what it will create, printed before it starts.
 */
import { VOLUME_CAPACITY_MIN_MB } from "../../api/dialect";

/** The drill refuses bigger scratch volumes: it needs a copy, not a load. */
export const DRILL_MAX_SIZE_MB = 10_240;

export interface DrillRequest {
  /** Array name -> thin provisioning pool id for its scratch volumes. */
  pools: Record<string, number>;
  sizeMb: number;
}

/** Test hooks: called before each step; an error thrown here is a kill (no cleanup runs, as after SIGKILL). */
export interface DrillHooks {
  beforeStep?: (step: DrillStep) => void | Promise<void>;
}

export const DRILL_STEPS = [
  "create-volumes", "create-sessions", "wait-equivalent", "suspend", "patch-modes", "reverse", "resume",
  "forced-suspend", "multi-suspend", "stack-idle", "forced-delete", "delete-volumes", "done",
] as const;
export type DrillStep = (typeof DRILL_STEPS)[number];

/** Why the drill cannot run with these arrays and flags, or undefined. The first two arrays are the pair. */
export function drillProblem(req: DrillRequest | undefined, arrays: readonly string[]): string | undefined {
  if (!req) return "the drill needs --drill, --pool <array>=<pool id> for each of the two arrays and --size-mb <n>";
  if (arrays.length !== 2) return `the drill runs between exactly two arrays (source, destination); name them with --array (got ${arrays.length ? arrays.join(", ") : "none"})`;
  const missing = arrays.filter((a) => !Number.isInteger(req.pools[a]) || req.pools[a]! < 0);
  if (missing.length) return `the drill needs a pool on each array: --pool ${missing.map((a) => `${a}=<pool id>`).join(" --pool ")}`;
  if (!Number.isInteger(req.sizeMb) || req.sizeMb < VOLUME_CAPACITY_MIN_MB || req.sizeMb > DRILL_MAX_SIZE_MB) {
    return `--size-mb must be an integer from ${VOLUME_CAPACITY_MIN_MB} to ${DRILL_MAX_SIZE_MB} (scratch volumes are small)`;
  }
  return undefined;
}

export function volumeNames(prefix: string): { sa: string; sb: string; da: string; db: string } {
  return { sa: `${prefix}sa`, sb: `${prefix}sb`, da: `${prefix}da`, db: `${prefix}db` };
}

/** What the drill will create, printed before the first write. */
export function drillPlanText(req: DrillRequest, source: string, destination: string, prefix: string): string[] {
  const n = volumeNames(prefix);
  return [
    `drill: will create on ${source} (pool ${req.pools[source]}): ${n.sa}, ${n.sb} (${req.sizeMb} MB each)`,
    `drill: will create on ${destination} (pool ${req.pools[destination]}): ${n.da}, ${n.db} (${req.sizeMb} MB each)`,
    `drill: will create REC sessions ${n.sa} -> ${n.da} and ${n.sb} -> ${n.db}, exercise them, then delete all four volumes, both sessions and their job records`,
    "drill: it touches nothing else; after Ctrl-C, a crash or a lost answer run the same command (or --cleanup) to remove leftovers",
  ];
}
