import { strict as assert } from "assert";
import { checkRemoteVolume } from "../../../../provider/resources/remote-volume/check";
import { remoteVolumeProvider } from "../../../../provider/resources/remote-volume/resource";
import { UNKNOWN } from "../../../../provider/resources/common/unknown";
import { cfg, configReq, failsOn, vol } from "../check-fixtures";
import * as fc from "fast-check";
import type { Volume } from "../../../../provider/client/types";
import { jsonPlain } from "../../../../provider/resources/common/unknown";
import { inputsFromVolume } from "../../../../provider/resources/remote-volume/outputs";
import { KEYS, parseStoredOutputs } from "../../../../provider/resources/remote-volume/schema";

describe("check: RemoteVolume bad input", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["unknown array", { array: "kyoto" }, "array", /unknown array "kyoto"/],
    ["array without credentials", { array: "nocreds" }, "array", /no username.*no password/],
    ["empty name", { name: "" }, "name", /non-empty/],
    ["name over 32 characters", { name: "x".repeat(33) }, "name", /at most 32/],
    ["non-ASCII name", { name: "ボリューム" }, "name", /ASCII/],
    ["name with ,", { name: "a,b" }, "name", /","/],
    ["name with ?", { name: "a?b" }, "name", /"\?"/],
    ["reserved prefix", { name: "$SYSVOL1" }, "name", /reserved prefix/],
    ["capacity zero", { capacityMb: 0 }, "capacityMb", /positive integer/],
    ["capacity fractional", { capacityMb: 1.5 }, "capacityMb", /positive integer/],
    ["capacity string", { capacityMb: "10G" }, "capacityMb", /positive integer/],
    ["both tppId and raidGroupId", { raidGroupId: 1 }, "tppId", /not both/],
    ["neither tppId nor raidGroupId", { tppId: undefined }, "tppId", /one of tppId/],
    ["tppId not an integer", { tppId: "0" }, "tppId", /integer/],
    ["neither capacityMb nor sizeFrom", { capacityMb: undefined }, "capacityMb", /required/],
    ["both capacityMb and sizeFrom", { sizeFrom: { array: "tokyo", volumeId: 1 } }, "capacityMb", /not both/],
    ["sizeFrom volumeId not integer", { capacityMb: undefined, sizeFrom: { array: "tokyo", volumeId: "x" } }, "sizeFrom.volumeId", /integer/],
    ["sizeFrom volumeId and volumeName", { capacityMb: undefined, sizeFrom: { array: "tokyo", volumeId: 1, volumeName: "db01" } }, "sizeFrom.volumeName", /exactly one of sizeFrom.volumeId .*got sizeFrom.volumeId and sizeFrom.volumeName/],
    ["sizeFrom without a volume", { capacityMb: undefined, sizeFrom: { array: "tokyo" } }, "sizeFrom.volumeId", /one of sizeFrom.volumeId .*sizeFrom.volumeNumber .*is required/],
    ["sizeFrom unknown array", { capacityMb: undefined, sizeFrom: { array: "nara", volumeId: 1 } }, "sizeFrom.array", /unknown array/],
  ];
  for (const [title, patch, prop, re] of cases) {
    it(title, () => failsOn(checkRemoteVolume(cfg, vol(patch)).failures, prop, re));
  }

  it("the same list through the configured provider object's check (as the plugin calls it)", async () => {
    const p = { ...remoteVolumeProvider };
    await p.configure!(configReq);
    for (const [, patch, prop, re] of cases) failsOn((await p.check!({}, { ...vol(patch), __provider: "x" })).failures!.slice(), prop, re);
  });

  it("valid input passes, defaults adopt=false, strips __provider", () => {
    const r = checkRemoteVolume(cfg, { ...vol(), __provider: "code" });
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs.adopt, false);
    assert.ok(!("__provider" in r.inputs));
  });

  it("unknown values during preview are accepted", () => {
    const r = checkRemoteVolume(cfg, { array: UNKNOWN, name: UNKNOWN, capacityMb: UNKNOWN, tppId: UNKNOWN });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(checkRemoteVolume(cfg, vol({ capacityMb: undefined, sizeFrom: UNKNOWN })).failures, []);
    assert.deepEqual(checkRemoteVolume(cfg, vol({ capacityMb: undefined, sizeFrom: { array: "tokyo", volumeId: UNKNOWN } })).failures, []);
  });
});


/**
 * Property tests: whatever the engine sends as olds (none for a create or a replacement, check's own
 * output, what refresh recorded) and carries from them into the news (ignoreChanges), check() answers
 * from the news alone, and checking checked inputs changes nothing.
 */
describe("check: RemoteVolume properties over old and new inputs (fast-check)", () => {
  const pick = <T>(xs: readonly T[]) => fc.option(fc.constantFrom(...xs), { nil: undefined });
  /** A valid declaration: exactly one of capacityMb / sizeFrom and of tppId / raidGroupId. */
  const declaration = fc.record({
    size: fc.oneof(fc.integer({ min: 1, max: 1 << 20 }).map((capacityMb) => ({ capacityMb })), fc.constant({ sizeFrom: { array: "tokyo", volumeId: 100000 } })),
    pool: fc.oneof(fc.nat(4).map((tppId) => ({ tppId })), fc.nat(4).map((raidGroupId) => ({ raidGroupId }))),
    name: fc.constantFrom("mirror01", "db_mirror", "x"),
    adopt: pick([true, false]),
    reserveSessionSlot: pick([true, false]),
  }).map((d) => {
    const out: Record<string, unknown> = { array: "osaka", name: d.name, ...d.size, ...d.pool };
    if (d.adopt !== undefined) out.adopt = d.adopt;
    if (d.reserveSessionSlot !== undefined) out.reserveSessionSlot = d.reserveSessionSlot;
    return out;
  });
  /** What refresh (read) returns as inputs: the array's name, size and pool, the stored rest. */
  const refreshed = fc.tuple(declaration, fc.integer({ min: 1, max: 1 << 20 })).map(([d, capacity]) => {
    const o = parseStoredOutputs({ ...checkRemoteVolume(cfg, d).inputs, capacityMb: capacity, volumeId: 100001, boxId: "B" });
    const v = { volume_id: 100001, name: String(d.name), capacity, allocated_resource_href: d.tppId !== undefined ? `/api/v1/tpp/${String(d.tppId)}` : `/api/v1/raidgroup/${String(d.raidGroupId)}` } as Volume;
    return jsonPlain(inputsFromVolume(o, v)) as Record<string, unknown>;
  });
  const olds = fc.oneof(fc.constant<Record<string, unknown>>({}), declaration.map((d) => checkRemoteVolume(cfg, d).inputs), refreshed);
  const carried = fc.tuple(olds, declaration, fc.subarray([...KEYS.declared])).map(([o, d, keys]) => {
    const news: Record<string, unknown> = { ...d };
    for (const k of keys) if (k in o) news[k] = o[k];
    return { olds: o, news };
  });
  let provider: typeof remoteVolumeProvider;
  before(async () => {
    provider = { ...remoteVolumeProvider };
    await provider.configure!(configReq);
  });

  it("the plugin's check(olds, news) equals check({}, news)", async () => {
    await fc.assert(fc.asyncProperty(carried, async ({ olds: o, news }) => {
      assert.deepEqual(await provider.check!(o, news), await provider.check!({}, news));
    }), { numRuns: 300 });
  });

  it("a valid declaration, check's output and refresh's inputs check clean, and re-checking changes nothing", () => {
    fc.assert(fc.property(fc.oneof(declaration, refreshed), (news) => {
      const r = checkRemoteVolume(cfg, news);
      assert.deepEqual(r.failures, [], `news ${JSON.stringify(news)}`);
      const again = checkRemoteVolume(cfg, r.inputs);
      assert.deepEqual(again, r);
    }), { numRuns: 300 });
  });

  it("one failure per broken field: a field's own rule is reported once, by zod or by the hand check", () => {
    const broken = fc.constantFrom<[string, unknown]>(["capacityMb", 0], ["capacityMb", "10G"], ["tppId", -1], ["tppId", "0"], ["adopt", "yes"], ["name", ""], ["array", 5]);
    fc.assert(fc.property(declaration, broken, (d, [field, value]) => {
      // One pool and a capacity, so no rule across fields applies: only the field's own rule can fail.
      const news = { ...d, capacityMb: 10, sizeFrom: undefined, tppId: 0, raidGroupId: undefined, [field]: value };
      const failures = checkRemoteVolume(cfg, news).failures;
      assert.equal(failures.length, 1, JSON.stringify(failures));
      assert.equal(failures[0].property, field);
    }), { numRuns: 200 });
  });
});
