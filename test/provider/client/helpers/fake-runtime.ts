/** The client tests' manual clock: the shared ManualRuntime (test/helpers/manual-runtime.ts). */
import { ManualClock } from "../../../../simulator/model/clock";
import { ManualRuntime } from "../../../helpers/manual-runtime";

export type FakeRuntime = ManualRuntime;

/** `randoms` are returned in turn by random() (then the last one again); default 0.5. */
export function fakeRuntime(o: { start?: number; randoms?: number[] } = {}): FakeRuntime {
  return new ManualRuntime(new ManualClock(o.start ?? 1_000_000), o.randoms);
}
