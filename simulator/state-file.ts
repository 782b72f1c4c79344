/**
 * --state FILE: load the world at start, save it after every change. Saves are atomic (temp file in the
 * same folder, fsync, rename, fsync of the folder), so a kill -9 leaves either the old or the new file,
 * never a torn one. The server saves synchronously before it answers a mutating request, so an
 * acknowledged change is on disk.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { WorldJson, worldFromJson, worldToJson } from "./model/persist";
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

export function saveWorldAtomic(file: string, world: World): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(worldToJson(world)));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dfd = fs.openSync(dir, "r");
    try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

/** Saves the current world on demand; errors are logged, never thrown into a request. */
export class StateSaver {
  constructor(private readonly file: string, private readonly world: () => World, private readonly log: (l: string) => void) {}

  markDirty(): void {
    this.saveNow();
  }

  saveNow(): void {
    try {
      saveWorldAtomic(this.file, this.world());
    } catch (e) {
      this.log(`state file ${this.file}: save failed: ${String(e)}`);
    }
  }
}
