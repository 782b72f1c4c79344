/**
 * The engine's Cancel per provider object through the Operation: top deadlines join it, the reads that
 * record a partial state do not (cut short instead), operations started afterwards are refused, and a
 * provider object that was never made cancellable (the dynamic provider's shells) is untouched.
 */
import { strict as assert } from "assert";
import { cancelledBy, EternusCancelledError } from "../../../../provider/client/errors";
import { cancellable, cancellationOf } from "../../../../provider/resources/common/cancellation";
import { operation, RECORD_AFTER_CANCEL_SECONDS } from "../../../../provider/resources/common/operation";
import { setProviderRuntime } from "../../../../provider/resources/common/provider-runtime";
import { ManualRuntime } from "../../../helpers/manual-runtime";

function providerOn(rt: ManualRuntime): object {
  const p = {};
  setProviderRuntime(p, { rt });
  return p;
}

describe("resources/common/cancellation", () => {
  it("an operation's deadlines end at the provider object's cancel; its record deadline does not, and is cut short", () => {
    const rt = new ManualRuntime();
    const p = providerOn(rt);
    const cancel = cancellable(p);
    const op = operation(p, "RecSyncSession", "rec");
    const top = op.deadline(3600);
    const probe = op.probe(top);
    cancel();
    assert.equal(cancelledBy(top.signal), true);
    assert.equal(cancelledBy(probe.signal), true);
    const record = op.recordDeadline(30);
    assert.equal(record.signal.aborted, false, "the state can still be read back");
    assert.equal(record.at, rt.now() + RECORD_AFTER_CANCEL_SECONDS * 1000);
  });

  it("after the cancel, a new operation is refused with ERR_CANCELLED (nothing started)", () => {
    const p = providerOn(new ManualRuntime());
    cancellable(p)();
    assert.throws(() => operation(p, "RemoteVolume", "mirror"), (e: unknown) =>
      e instanceof EternusCancelledError && e.code === "ERR_CANCELLED" && /RemoteVolume mirror was not started/.test(e.message));
  });

  it("cancellable is idempotent per object; other objects and never-cancellable ones are unaffected", () => {
    const rt = new ManualRuntime();
    const p = providerOn(rt);
    const other = providerOn(rt);
    const dynamicShell = providerOn(rt);
    cancellable(other);
    const first = cancellable(p);
    const signal = cancellationOf(p);
    cancellable(p);
    assert.equal(cancellationOf(p), signal, "made cancellable again: the same signal");
    first();
    assert.equal(cancellationOf(other)?.aborted, false);
    assert.equal(cancellationOf(dynamicShell), undefined);
    const d = operation(dynamicShell, "RecSyncSession", "rec").deadline(60);
    assert.equal(d.signal.aborted, false);
    rt.advance(60_000);
    assert.equal(d.signal.aborted, true, "only its own time ends it");
  });
});
