/**
 * The engine runs at most `--parallel` resource operations at once, and a RecSyncSession create that waits
 * for its initial copy holds its slot for the whole copy: with more mirrors than slots, the copies start in
 * waves (50 mirrors on a 2-core runner: 7 waves of one copy time each). The plugin cannot see the
 * `--parallel` flag, only the default the CLI would use without it (PULUMI_PARALLEL, else 4 x CPUs:
 * pkg/cmd/pulumi/operations/up.go `defaultParallel`). So when as many creates wait for a copy as that default
 * allows, it says so once per plugin process, with the ways out.
 *
 * The count is process-wide (globalThis): the serialized provider may load this module twice.
 */
import * as os from "node:os";

export interface EngineSlots {
  slots: number;
  /** Where `slots` comes from, for the message. */
  source: string;
}

/** The CLI's default parallelism as this process can know it. */
export function defaultEngineSlots(env: NodeJS.ProcessEnv = process.env, cpus = os.availableParallelism()): EngineSlots {
  const fromEnv = Number.parseInt(env.PULUMI_PARALLEL ?? "", 10);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return { slots: fromEnv, source: `PULUMI_PARALLEL=${fromEnv}` };
  return { slots: cpus * 4, source: `4 x ${cpus} CPUs, the CLI's default` };
}

interface Waiters { now: number; warned: boolean }
const KEY = Symbol.for("pulumi-eternus-rec.copy-waiters");

function waiters(): Waiters {
  const g = globalThis as unknown as Record<symbol, Waiters | undefined>;
  return (g[KEY] ??= { now: 0, warned: false });
}

/**
 * Count one create waiting for its initial copy while `wait` runs. `warn` gets the message once per process
 * when the waiters reach the default slot count.
 */
export async function asCopyWaiter<T>(wait: () => Promise<T>, warn: (message: string) => void, slots: EngineSlots = defaultEngineSlots()): Promise<T> {
  const w = waiters();
  w.now++;
  if (!w.warned && w.now >= slots.slots) {
    w.warned = true;
    warn(slotsMessage(w.now, slots));
  }
  try {
    return await wait();
  } finally {
    w.now--;
  }
}

export function slotsMessage(waiting: number, slots: EngineSlots): string {
  return `${waiting} REC sessions are waiting for their initial copy at once, as many resource operations as the engine runs ` +
    `by default here (${slots.source}); unless you raised it, further mirrors start only when these copies end. ` +
    `For many mirrors: pulumi up --parallel <number of mirrors x 2>, or PULUMI_PARALLEL, or waitForEquivalent: false ` +
    `(create returns while Copying; pulumi refresh shows the progress)`;
}

/** Tests only: forget the count and the warning. */
export function resetCopyWaiters(): void {
  const w = waiters();
  w.now = 0;
  w.warned = false;
}
