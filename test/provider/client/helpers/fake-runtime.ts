/**
 * A manual clock for the client's Runtime: sleep() never waits, it records the delay and moves the clock,
 * so tests assert exact backoff delays and deadlines without timing anything.
 */
import { EternusAbortError } from "../../../../provider/client/errors";
import type { Runtime } from "../../../../provider/client/runtime";

export interface FakeRuntime extends Runtime {
  /** Every delay asked of sleep(), in order. */
  sleeps: number[];
  /** Every log line. */
  lines: string[];
  /** Move the clock without a sleep (time spent elsewhere). */
  advance(ms: number): void;
}

/** `randoms` are returned in turn by random() (then the last one again); default 0.5. */
export function fakeRuntime(o: { start?: number; randoms?: number[] } = {}): FakeRuntime {
  let t = o.start ?? 1_000_000;
  const randoms = [...(o.randoms ?? [0.5])];
  const rt: FakeRuntime = {
    sleeps: [],
    lines: [],
    now: () => t,
    random: () => (randoms.length > 1 ? randoms.shift()! : randoms[0]!),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new EternusAbortError("waiting", signal.reason);
      rt.sleeps.push(ms);
      t += ms;
    },
    log: (line) => { rt.lines.push(line); },
    advance: (ms) => { t += ms; },
  };
  return rt;
}
