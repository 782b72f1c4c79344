import { strict as assert } from "assert";
import { parseArraysConfig } from "../../../provider/config";
import { checkRecSyncSession, checkRemoteVolume, UNKNOWN } from "../../../provider/resources/input-validation";
import { remoteVolumeProvider } from "../../../provider/resources/remote-volume";
import { recSyncSessionProvider } from "../../../provider/resources/rec-sync-session";

const ARRAYS = JSON.stringify({
  tokyo: { endpoint: "https://10.0.0.1:5665", username: "u", password: "p" },
  osaka: { endpoint: "https://10.0.0.2:5665", username: "u", password: "p" },
  nocreds: { endpoint: "https://10.0.0.3:5665" },
});
const cfg = parseArraysConfig(ARRAYS);
const configReq = { config: { get: (k: string) => (k === "eternus:arrays" ? ARRAYS : undefined), require: (k: string) => (k === "eternus:arrays" ? ARRAYS : "") } };

const vol = (o: Record<string, unknown> = {}) => ({ array: "osaka", name: "mirror01", capacityMb: 10240, tppId: 0, ...o });
const ses = (o: Record<string, unknown> = {}) => ({ sourceArray: "tokyo", sourceVolumeId: 100000, destinationArray: "osaka", destinationVolumeId: 100001, ...o });

function failsOn(failures: { property: string; reason: string }[], property: string, re: RegExp): void {
  const f = failures.find((x) => x.property === property && re.test(x.reason));
  assert.ok(f, `expected a failure on ${property} matching ${re}, got ${JSON.stringify(failures)}`);
  assert.ok(f.reason.includes(property.split(".").pop()!), `the reason names the field: ${f.reason}`);
}

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

describe("check: RecSyncSession bad input", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["unknown source array", { sourceArray: "kyoto" }, "sourceArray", /unknown array/],
    ["unknown destination array", { destinationArray: "kyoto" }, "destinationArray", /unknown array/],
    ["destination array without credentials", { destinationArray: "nocreds" }, "destinationArray", /no username/],
    ["transferMode Through", { transferMode: "Through" }, "transferMode", /Through mode is not supported/],
    ["transferMode misspelled (case)", { transferMode: "synchronous" }, "transferMode", /misspelled: write "Synchronous"/],
    ["transferMode misspelled", { transferMode: "Synchronus" }, "transferMode", /must be one of/],
    ["splitMode with Consistency", { transferMode: "Consistency", splitMode: "Automatic" }, "splitMode", /Synchronous mode only/],
    ["splitMode with Stack", { transferMode: "Stack", splitMode: "Manual" }, "splitMode", /Synchronous mode only/],
    ["splitMode misspelled", { splitMode: "auto" }, "splitMode", /must be one of/],
    ["recoveryMode invalid", { recoveryMode: "Later" }, "recoveryMode", /must be one of/],
    ["source equal to destination", { destinationArray: "tokyo", destinationVolumeId: 100000 }, "destinationArray", /must differ.*same volume/],
    ["sourceVolumeId not integer", { sourceVolumeId: 1.5 }, "sourceVolumeId", /integer/],
    ["destinationVolumeId not integer", { destinationVolumeId: "100001" }, "destinationVolumeId", /integer/],
    ["sourceVolumeId missing", { sourceVolumeId: undefined }, "sourceVolumeId", /required/],
    ["timeoutSeconds zero", { timeoutSeconds: 0 }, "timeoutSeconds", /positive/],
    ["timeoutSeconds negative", { timeoutSeconds: -5 }, "timeoutSeconds", /positive/],
    ["direction invalid", { direction: "Backward" }, "direction", /must be one of/],
    ["create in Reverse", { direction: "Reverse" }, "direction", /cannot be used to create/],
    ["suspended not boolean", { suspended: "yes" }, "suspended", /true or false/],
  ];
  for (const [title, patch, prop, re] of cases) {
    it(title, () => failsOn(checkRecSyncSession(cfg, {}, ses(patch)).failures, prop, re));
  }

  it("the same list through the configured provider object's check (as the plugin calls it)", async () => {
    const p = { ...recSyncSessionProvider };
    await p.configure!(configReq);
    for (const [, patch, prop, re] of cases) failsOn((await p.check!({}, { ...ses(patch), __provider: "x" })).failures!.slice(), prop, re);
  });

  it("fills defaults; splitMode only for Synchronous", () => {
    const r = checkRecSyncSession(cfg, {}, ses());
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.inputs, { ...ses(), transferMode: "Synchronous", splitMode: "Automatic", recoveryMode: "Automatic", suspended: false, direction: "Forward", waitForEquivalent: true, timeoutSeconds: 3600, adopt: false });
    const c = checkRecSyncSession(cfg, {}, ses({ transferMode: "Consistency" }));
    assert.equal(c.inputs.splitMode, undefined);
  });

  it("Reverse is fine on an existing session (olds present) and with adopt", () => {
    assert.deepEqual(checkRecSyncSession(cfg, ses(), ses({ direction: "Reverse" })).failures, []);
    assert.deepEqual(checkRecSyncSession(cfg, {}, ses({ direction: "Reverse", adopt: true })).failures, []);
  });

  it("unknown values during preview are accepted, cross-field rules skipped", () => {
    const all = Object.fromEntries(Object.keys(ses({ transferMode: 1, splitMode: 1, recoveryMode: 1, suspended: 1, direction: 1, waitForEquivalent: 1, timeoutSeconds: 1, adopt: 1 })).map((k) => [k, UNKNOWN]));
    assert.deepEqual(checkRecSyncSession(cfg, {}, all).failures, []);
    assert.deepEqual(checkRecSyncSession(cfg, {}, ses({ transferMode: UNKNOWN, splitMode: "Manual" })).failures, []);
    assert.deepEqual(checkRecSyncSession(cfg, {}, ses({ destinationVolumeId: UNKNOWN })).failures, []);
  });
});
