/**
 * client/runtime.ts timerSignal: a deadline's timeout must fire even when it is only a source of
 * AbortSignal.any and a garbage collection ran (Node 20's AbortSignal.timeout does not survive that). Real
 * timers and a real GC in a child process (`--expose-gc`): the bug is in them, so no manual clock can show it.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

const RUNTIME = path.join(__dirname, "../../../provider/client/runtime.js");

/** Twenty composites over a 100 ms timeout each, two GCs, then how many aborted after 600 ms. */
function abortedAfterGc(source: string): number {
  const script = `
    const { timerSignal } = require(${JSON.stringify(RUNTIME)});
    const make = () => AbortSignal.any([${source}, new AbortController().signal]);
    const keep = Array.from({ length: 20 }, make);
    setTimeout(() => global.gc(), 20);
    setTimeout(() => global.gc(), 50);
    setTimeout(() => process.stdout.write(String(keep.filter((s) => s.aborted).length)), 600);`;
  return Number(execFileSync(process.execPath, ["--expose-gc", "-e", script], { encoding: "utf8" }));
}

describe("client/runtime timerSignal", function () {
  this.timeout(20_000);

  it("fires as a source of AbortSignal.any after a garbage collection", () => {
    assert.strictEqual(abortedAfterGc("timerSignal(100)"), 20);
  });

  it("the reason is a TimeoutError, as AbortSignal.timeout's", async () => {
    const { timerSignal } = await import("../../../provider/client/runtime");
    const s = timerSignal(1);
    await new Promise<void>((resolve) => s.addEventListener("abort", () => resolve(), { once: true }));
    assert.strictEqual((s.reason as DOMException).name, "TimeoutError");
  });
});
