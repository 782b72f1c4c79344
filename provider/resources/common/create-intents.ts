/**
 * Create intents: a small local record written right before a volume is created and removed once the
 * create returned. When `pulumi up` is killed in between (CI timeout, OOM, kill -9), the engine forgets the
 * create but the array keeps the volume; the next create finds the volume by name AND this record (same
 * array, name, size, pool, project and stack) and takes it over as its own. A same-named volume without a
 * matching record was made by someone else and is never taken without `adopt: true`.
 *
 * Where: $ETERNUS_REC_STATE_DIR, else <PULUMI_HOME or ~/.pulumi>/eternus-rec/create-intents. A fresh
 * machine (a new CI runner) has no record; the error then says how to take the volume over explicitly.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface CreateIntent {
  boxId: string;
  name: string;
  capacityMb: number;
  tppId?: number;
  raidGroupId?: number;
  resourceName?: string;
  project?: string;
  stack?: string;
  startedAt: string;
}

export function defaultIntentDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ETERNUS_REC_STATE_DIR) return path.join(env.ETERNUS_REC_STATE_DIR, "create-intents");
  return path.join(env.PULUMI_HOME || path.join(os.homedir(), ".pulumi"), "eternus-rec", "create-intents");
}

/** Project and stack of the running engine command, when the plugin was told. */
export function engineScope(env: NodeJS.ProcessEnv = process.env): { project?: string; stack?: string } {
  return { project: env.PULUMI_NODEJS_PROJECT || undefined, stack: env.PULUMI_NODEJS_STACK || undefined };
}

export class CreateIntents {
  constructor(private readonly dir: string) {}

  private file(boxId: string, name: string): string {
    const key = createHash("sha256").update(`${boxId.toUpperCase()}\n${name}`).digest("hex").slice(0, 32);
    return path.join(this.dir, `${key}.json`);
  }

  /** Written atomically (temp file + rename) so a crash never leaves half a record. */
  record(i: CreateIntent): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const target = this.file(i.boxId, i.name);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(i), { mode: 0o600 });
    fs.renameSync(tmp, target);
  }

  find(boxId: string, name: string): CreateIntent | undefined {
    try {
      const i = JSON.parse(fs.readFileSync(this.file(boxId, name), "utf8")) as CreateIntent;
      return i.boxId.toUpperCase() === boxId.toUpperCase() && i.name === name ? i : undefined;
    } catch {
      return undefined;
    }
  }

  forget(boxId: string, name: string): void {
    fs.rmSync(this.file(boxId, name), { force: true });
  }
}

/** Whether `i` is the record of the same declaration (size, pool, project, stack). */
export function sameIntent(i: CreateIntent, want: Omit<CreateIntent, "startedAt" | "resourceName">): boolean {
  return i.capacityMb === want.capacityMb && i.tppId === want.tppId && i.raidGroupId === want.raidGroupId
    && (i.project ?? "") === (want.project ?? "") && (i.stack ?? "") === (want.stack ?? "");
}
