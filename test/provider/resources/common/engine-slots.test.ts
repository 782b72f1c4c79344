/** provider/resources/common/engine-slots.ts: the engine's default slot count and the one-time waves warning. */
import { strict as assert } from "node:assert";
import { asCopyWaiter, defaultEngineSlots, resetCopyWaiters } from "../../../../provider/resources/common/engine-slots";

describe("resources/common/engine-slots", () => {
  beforeEach(resetCopyWaiters);
  after(resetCopyWaiters);

  it("the default: PULUMI_PARALLEL when set to a positive integer, else 4 x CPUs", () => {
    assert.deepEqual(defaultEngineSlots({ PULUMI_PARALLEL: "32" }, 2), { slots: 32, source: "PULUMI_PARALLEL=32" });
    assert.equal(defaultEngineSlots({}, 2).slots, 8);
    assert.equal(defaultEngineSlots({ PULUMI_PARALLEL: "zero" }, 3).slots, 12);
    assert.equal(defaultEngineSlots({ PULUMI_PARALLEL: "0" }, 1).slots, 4);
  });

  it("warns once, when as many creates wait for a copy as the default allows, naming the ways out", async () => {
    const slots = { slots: 3, source: "test" };
    const said: string[] = [];
    const gates: Array<() => void> = [];
    const waiter = () => asCopyWaiter(() => new Promise<void>((r) => gates.push(r)), (m) => said.push(m), slots);
    const first = [waiter(), waiter()];
    assert.deepEqual(said, [], "two waiters of three slots: nothing to say");
    const third = waiter();
    assert.equal(said.length, 1);
    assert.match(said[0]!, /^3 REC sessions are waiting.*--parallel.*PULUMI_PARALLEL.*waitForEquivalent: false/);
    gates.splice(0).forEach((g) => g());
    await Promise.all([...first, third]);
    const again = [waiter(), waiter(), waiter(), waiter()];
    gates.splice(0).forEach((g) => g());
    await Promise.all(again);
    assert.equal(said.length, 1, "once per process");
  });

  it("a waiter that fails leaves the count", async () => {
    const said: string[] = [];
    const slots = { slots: 2, source: "test" };
    await assert.rejects(asCopyWaiter(() => Promise.reject(new Error("boom")), (m) => said.push(m), slots), /boom/);
    await asCopyWaiter(async () => undefined, (m) => said.push(m), slots);
    assert.deepEqual(said, [], "the failed waiter no longer counts");
  });
});
