/**
 * Deadlines joining the engine's Cancel (untilAborted): the cancel ends a deadline and its children at
 * once, and is told apart from the deadline passing (ERR_CANCELLED, never ERR_TIMEOUT), in withDeadline
 * and in a resource wait. On the manual clock.
 */
import { strict as assert } from "assert";
import { cancelledBy, EternusCancelledError, EternusTimeoutError } from "../../../../provider/client/errors";
import { waitFor } from "../../../../provider/client/wait";
import { DEFAULT_WAIT_POLICY } from "../../../../provider/resources/common/provider-runtime";
import { deadline, resourceWait, untilAborted, withDeadline } from "../../../../provider/resources/common/waits";
import { ManualRuntime } from "../../../helpers/manual-runtime";

const cancelOf = (ctl: AbortController) => () => ctl.abort(new EternusCancelledError("an operation ran"));

describe("resources/common/waits: deadlines and the engine's Cancel", () => {
  it("a deadline within untilAborted keeps its own time and ends when the cancel fires; so do its children", () => {
    const rt = new ManualRuntime();
    const ctl = new AbortController();
    const d = deadline(rt, 60, untilAborted(ctl.signal));
    const child = deadline(rt, 15, d);
    assert.equal(d.at, rt.now() + 60_000);
    assert.equal(child.at, rt.now() + 15_000);
    assert.equal(d.signal.aborted, false);
    cancelOf(ctl)();
    assert.equal(cancelledBy(d.signal), true);
    assert.equal(cancelledBy(child.signal), true);
  });

  it("the deadline passing is not a cancel", () => {
    const rt = new ManualRuntime();
    const ctl = new AbortController();
    const d = deadline(rt, 60, untilAborted(ctl.signal));
    rt.advance(60_000);
    assert.equal(d.signal.aborted, true);
    assert.equal(cancelledBy(d.signal), false);
    cancelOf(ctl)();
    assert.equal(cancelledBy(d.signal), false, "the reason stays the deadline's");
  });

  it("withDeadline: a cancel becomes ERR_CANCELLED naming the operation, the deadline passing ERR_TIMEOUT", async () => {
    const rt = new ManualRuntime();
    const ctl = new AbortController();
    const d = deadline(rt, 60, untilAborted(ctl.signal));
    const cancelled = await withDeadline(rt, d, "RecSyncSession x create", async () => {
      cancelOf(ctl)();
      throw new Error("request aborted");
    }).catch((e: unknown) => e);
    assert.ok(cancelled instanceof EternusCancelledError);
    assert.equal(cancelled.code, "ERR_CANCELLED");
    assert.match(cancelled.message, /^cancelled by the engine \(Ctrl-C or termination\) while RecSyncSession x create: .*pulumi refresh/);
    const late = deadline(rt, 10);
    const timedOut = await withDeadline(rt, late, "RecSyncSession y create", async () => {
      rt.advance(10_000);
      throw new Error("request aborted");
    }).catch((e: unknown) => e);
    assert.ok(timedOut instanceof EternusTimeoutError);
  });

  it("a resource wait ends at the cancel with ERR_CANCELLED, before its deadline and without another read", async () => {
    const rt = new ManualRuntime();
    const ctl = new AbortController();
    const d = deadline(rt, 3600, untilAborted(ctl.signal));
    const start = rt.now();
    rt.at(start + 60_000, async () => cancelOf(ctl)());
    let reads = 0;
    let readsAtCancel = 0;
    ctl.signal.addEventListener("abort", () => { readsAtCancel = reads; });
    const policy = { ...DEFAULT_WAIT_POLICY, firstIntervalMs: 10_000, maxIntervalMs: 10_000 };
    const err = await waitFor(async () => ++reads, () => false, resourceWait(rt, policy, { deadline: d, what: "Equivalent" })).catch((e: unknown) => e);
    assert.ok(err instanceof EternusCancelledError, String(err));
    assert.match(err.message, /while waiting for Equivalent/);
    assert.equal(rt.now() - start, 60_000, "ended at the cancel, not at the deadline");
    assert.equal(reads, readsAtCancel, "no read after the cancel");
  });
});
