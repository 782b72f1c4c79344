import { strict as assert } from "assert";
import { checkRemoteVolume } from "../../../../provider/resources/remote-volume/check";
import { remoteVolumeProvider } from "../../../../provider/resources/remote-volume/resource";
import { UNKNOWN } from "../../../../provider/resources/common/unknown";
import { cfg, configReq, failsOn, vol } from "../check-fixtures";

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

