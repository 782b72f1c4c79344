/**
 * RemoteVolume reads that come in numbers (provider/resources/common/read-sweep.ts): refresh reads the
 * volumes through one GET /volume sweep of their array, diff reads the sizeFrom volumes through one sweep
 * of the source array; the uid still decides whether a volume is ours.
 */
import { strict as assert } from "assert";
import { remoteVolumeProvider as provider } from "../../../../provider/resources/remote-volume/resource";
import { BUSINESS_VOLUME_ID, DEST, SOURCE, startHarness, type Harness } from "../sim-harness";

const P = "exports.handler = __f0; /* serialized provider text */";

describe("RemoteVolume reads in numbers: one sweep per array", function () {
  this.timeout(60_000);
  let h: Harness;
  const inputs = (i: number) => ({
    array: DEST, name: `swept_${i}`, sizeFrom: { array: SOURCE, volumeId: BUSINESS_VOLUME_ID }, tppId: 0,
    resourceName: `v${i}`, providerVersion: "1.0.0", __provider: P,
  });
  const on = (array: string) => h.requests.filter((r) => r.startsWith(`${array} `));

  before(async () => {
    h = await startHarness();
    await h.configure(provider);
  });
  after(async () => h?.close());

  it("20 volumes: refresh costs at most 3 requests to their array, diff at most 3 to the source array; a reused id is not ours", async () => {
    const made: { id: string; outs: Record<string, any> }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (let i = 0; i < 20; i++) {
      const c = await provider.check!({}, inputs(i));
      const r = await provider.create({ ...c.inputs, __provider: P });
      made.push({ id: r.id, outs: { ...r.outs, __provider: P } });
    }
    h.rt.advance(60_000);
    h.requests.length = 0;
    const foreign = { ...made[0]!.outs, uid: "600000e00d0000000000000000000000" }; // the same id, another volume
    const read = await Promise.all([...made.map((m) => provider.read!(m.id, m.outs)), provider.read!(made[0]!.id, foreign)]);
    assert.deepEqual(read.slice(0, 20).map((r) => r.id), made.map((m) => m.id));
    assert.equal(read[20]!.id, "", "the uid does not match: not ours, whatever the sweep says");
    assert.ok(on(DEST).length <= 3, `refresh: ${on(DEST).length} requests to ${DEST}:\n${on(DEST).join("\n")}`);

    h.rt.advance(60_000);
    h.requests.length = 0;
    const diffs = await Promise.all(made.map(async (m, i) => provider.diff!(m.id, m.outs, { ...(await provider.check!(m.outs, inputs(i))).inputs, __provider: P })));
    assert.ok(diffs.every((d) => d.changes === false), JSON.stringify(diffs));
    assert.ok(on(SOURCE).length <= 3, `diff: ${on(SOURCE).length} requests to ${SOURCE}:\n${on(SOURCE).join("\n")}`);
  });
});
