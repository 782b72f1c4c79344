/**
 * A provider runtime on the simulator's manual clock: a sleep moves the clock instead of waiting, and
 * deadline signals fire when the clock passes them. Provider waits, client retries and the simulator's
 * copies and jobs all read the same clock, so a one-hour copy takes no wall time and no test sleeps.
 */
import { EternusAbortError } from "../../../provider/client/errors";
import type { Runtime } from "../../../provider/client/runtime";
import { ManualClock } from "../../../simulator/model/clock";

export class ManualRuntime implements Runtime {
  private timers: { at: number; ctl: AbortController }[] = [];
  readonly lines: string[] = [];

  constructor(readonly clock = new ManualClock()) {}

  now = (): number => this.clock.now();
  random = (): number => 0.5;
  log = (line: string): void => {
    this.lines.push(line);
  };

  /** Moves the clock by `ms`, fires the deadlines it passes, then lets pending I/O run. */
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw new EternusAbortError("waiting", signal.reason);
    this.advance(Math.max(0, ms));
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new EternusAbortError("waiting", signal.reason);
  };

  timeout = (ms: number): AbortSignal => {
    const ctl = new AbortController();
    this.timers.push({ at: this.now() + ms, ctl });
    return ctl.signal;
  };

  advance(ms: number): void {
    this.clock.advance(ms);
    const now = this.now();
    const due = this.timers.filter((t) => t.at <= now);
    this.timers = this.timers.filter((t) => t.at > now);
    for (const t of due) t.ctl.abort(new Error(`deadline passed (manual clock)`));
  }
}
