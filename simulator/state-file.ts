/**
 * --state FILE: load the world at start, save it after changes. A save is atomic: a temp file created
 * exclusively (`wx`, random name, mode 0600) in the state file's folder, fsync, rename over FILE, fsync of
 * the folder; a kill -9 leaves either the old or the new file, never a torn one, and a file or symlink
 * planted at a temp name is never followed or overwritten. Saves are batched off the request path
 * (StateSaver): a change is on disk at most STATE_SAVE_DELAY_MS after it was answered, and close() (SIGTERM,
 * SIGINT) writes what is left. Logins are not saved (persist.ts): a restart logs everyone out.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { WorldJson, worldFromJson, worldToJson } from "./model/persist";
import { STATE_SAVE_DELAY_MS } from "./model/sim-choices";
import { World, WorldOptions } from "./model/world";

export function loadWorld(file: string, o: Pick<WorldOptions, "clock" | "random"> = {}): World | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return worldFromJson(JSON.parse(text) as WorldJson, o);
}

/** Random temp names in the state file's folder; tests may inject their own to plant something there. */
export type TempName = (dir: string, base: string) => string;
const randomTempName: TempName = (dir, base) => path.join(dir, `.${base}.${randomBytes(8).toString("hex")}.tmp`);

/** Creates a new file (never an existing one, never through a symlink); a taken name is retried with another. */
function openExclusive(dir: string, base: string, tempName: TempName): { fd: number; tmp: string } {
  for (let attempt = 0; ; attempt++) {
    const tmp = tempName(dir, base);
    try {
      return { fd: fs.openSync(tmp, "wx", 0o600), tmp };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 4) throw e;
    }
  }
}

export function saveWorldAtomic(file: string, world: World, tempName: TempName = randomTempName): void {
  const dir = path.dirname(path.resolve(file));
  const { fd, tmp } = openExclusive(dir, path.basename(file), tempName);
  try {
    try {
      fs.writeSync(fd, JSON.stringify(worldToJson(world)));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true }); // ours: created exclusively above
    throw e;
  }
  try {
    const dfd = fs.openSync(dir, "r");
    try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

/**
 * Saves the world after changes, batched: the first change schedules one save STATE_SAVE_DELAY_MS later,
 * and every change until then rides along. Errors are logged, never thrown into a request.
 */
export class StateSaver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly world: () => World,
    private readonly log: (l: string) => void,
    private readonly delayMs: number = STATE_SAVE_DELAY_MS,
  ) {}

  markDirty(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref(); // a pending save never keeps a process alive; close() flushes it
  }

  /** Save now (and drop a scheduled save): at start, on close, on a signal. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      saveWorldAtomic(this.file, this.world());
    } catch (e) {
      this.log(`state file ${this.file}: save failed: ${String(e)}`);
    }
  }
}
