/**
 * Peak resident memory of the dynamic-provider plugin (Linux /proc). The engine starts it as
 * `pulumi-resource-pulumi-nodejs` (a shell script) that runs `node .../@pulumi/pulumi/cmd/dynamic-provider`;
 * only descendants of THIS process count, because other work on the machine may run the same plugin.
 */
import * as fs from "node:fs";

const PLUGIN = /pulumi-dynamic-provider|cmd\/dynamic-provider/;

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) may hold spaces and parentheses: fields after the last ")".
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

function descends(pid: number, ancestor: number): boolean {
  for (let p: number | undefined = pid, hops = 0; p && p > 1 && hops < 32; hops++) {
    if (p === ancestor) return true;
    p = parentOf(p);
  }
  return false;
}

/** RSS in bytes of every plugin process below `ancestor` (pid -> bytes). */
export function pluginRss(ancestor = process.pid): Map<number, number> {
  const out = new Map<number, number>();
  if (!fs.existsSync("/proc")) return out;
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const cmd = read(`/proc/${pid}/cmdline`);
    if (!cmd || !PLUGIN.test(cmd.replace(/\0/g, " "))) continue;
    if (!descends(pid, ancestor)) continue;
    const kb = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? "")?.[1];
    if (kb) out.set(pid, Number(kb) * 1024);
  }
  return out;
}

/** Samples the plugin's RSS every `everyMs` until stop(); returns the peak (bytes; 0 if never seen). */
export function sampleRss(everyMs = 200): { stop(): number } {
  let peak = 0;
  const tick = () => {
    for (const bytes of pluginRss().values()) peak = Math.max(peak, bytes);
  };
  const t = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(t);
      tick();
      return peak;
    },
  };
}
