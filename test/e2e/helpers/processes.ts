/** Processes of the e2e tests: what an operator's kill -9 does to a running `pulumi up`. */
import * as fs from "fs";

/** SIGKILL a process and every descendant (Linux /proc walk; the CLI does not lead a process group). */
export function killTree(pid: number): void {
  const children = (p: number): number[] => {
    const out: number[] = [];
    for (const d of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid === p) out.push(Number(d));
      } catch {
        // gone
      }
    }
    return out;
  };
  const all: number[] = [];
  const walk = (p: number) => {
    all.push(p);
    for (const c of children(p)) walk(c);
  };
  walk(pid);
  for (const p of all) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
