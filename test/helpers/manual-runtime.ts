/**
 * A provider runtime on the simulator's manual clock: a sleep moves the clock instead of waiting, and
 * deadline signals fire when the clock passes them. Provider waits, client retries and the simulator's
 * copies and jobs all read the same clock, so a one-hour copy takes no wall time and no test sleeps.
 * Client unit tests use it too: `sleeps` records every delay asked, `randoms` scripts random().
 */
import { abortError } from "../../provider/client/errors";
import type { Runtime } from "../../provider/client/runtime";
import { ManualClock } from "../../simulator/model/clock";

export class ManualRuntime implements Runtime {
  private timers: { at: number; ctl: AbortController }[] = [];
  /** Every delay asked of sleep(), in order. */
  readonly sleeps: number[] = [];
  private readonly randoms: number[];
  private hooks: { at: number; fn: () => Promise<unknown> }[] = [];
  readonly lines: string[] = [];

  /** `randoms` are returned in turn by random() (then the last one again); default 0.5. */
  constructor(readonly clock = new ManualClock(), randoms: number[] = [0.5]) {
    this.randoms = [...randoms];
  }

  now = (): number => this.clock.now();
  random = (): number => (this.randoms.length > 1 ? this.randoms.shift()! : this.randoms[0]!);
  log = (line: string): void => {
    this.lines.push(line);
  };

  /** Moves the clock by `ms`, fires the deadlines it passes, then lets pending I/O run. */
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw abortError("waiting", signal);
    this.sleeps.push(ms);
    this.advance(Math.max(0, ms));
    const now = this.now();
    const due = this.hooks.filter((x) => x.at <= now);
    this.hooks = this.hooks.filter((x) => x.at > now);
    for (const x of due) await x.fn();
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw abortError("waiting", signal);
  };

  timeout = (ms: number): AbortSignal => {
    const ctl = new AbortController();
    this.timers.push({ at: this.now() + ms, ctl });
    return ctl.signal;
  };

  /** Run `fn` (e.g. a fault injection) when a sleep first moves the clock to `at` or past it. */
  at(at: number, fn: () => Promise<unknown>): void {
    this.hooks.push({ at, fn });
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    const now = this.now();
    const due = this.timers.filter((t) => t.at <= now);
    this.timers = this.timers.filter((t) => t.at > now);
    for (const t of due) t.ctl.abort(new Error(`deadline passed (manual clock)`));
  }
}
