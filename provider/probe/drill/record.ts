/**
 * The drill's local record of what it created (a small JSON file next to the output folder): written BEFORE
 * each create (the names) and after it (the ids), atomically, so a run killed at any point leaves enough for
 * the next run to find its leftovers. Only what a record names, under its unique prefix, is ever removed.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const DRILL_RECORD_FORMAT = "eternus-rec-drill-record/1";

export interface DrillArrayRecord {
  volumeNames: string[];
  volumeIds: number[];
  sessionIds: number[];
  jobIds: number[];
}

export interface DrillRun {
  runId: string;
  /** Every scratch volume name starts with it; unique per run. */
  prefix: string;
  startedAt: string;
  arrays: Record<string, DrillArrayRecord>;
  /** Forms accepted so far (point -> form), so cleanup speaks the array's dialect. */
  forms: Record<string, string>;
}

interface RecordFile { format: typeof DRILL_RECORD_FORMAT; runs: DrillRun[] }

export class DrillRecord {
  constructor(readonly file: string) {}

  runs(): DrillRun[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch {
      return [];
    }
    const parsed = JSON.parse(text) as Partial<RecordFile>;
    return parsed.format === DRILL_RECORD_FORMAT && Array.isArray(parsed.runs) ? parsed.runs : [];
  }

  /** Apply `change` to the run `runId` (added when absent) and write the file at once. */
  update(runId: string, change: (run: DrillRun) => void, init?: () => DrillRun): void {
    const runs = this.runs();
    let run = runs.find((r) => r.runId === runId);
    if (!run) {
      if (!init) return;
      run = init();
      runs.push(run);
    }
    change(run);
    this.write(runs);
  }

  remove(runId: string): void {
    const runs = this.runs().filter((r) => r.runId !== runId);
    if (runs.length) this.write(runs);
    else fs.rmSync(this.file, { force: true });
  }

  private write(runs: DrillRun[]): void {
    fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ format: DRILL_RECORD_FORMAT, runs }, null, 2)}\n`);
    fs.renameSync(tmp, this.file);
  }
}

export function emptyArrayRecord(): DrillArrayRecord {
  return { volumeNames: [], volumeIds: [], sessionIds: [], jobIds: [] };
}
