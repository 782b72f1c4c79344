import { strict as assert } from "assert";
import { checkRecSyncSession } from "../../../../provider/resources/rec-sync-session/check";
import { recSyncSessionProvider } from "../../../../provider/resources/rec-sync-session/resource";
import { UNKNOWN } from "../../../../provider/resources/common/unknown";
import { cfg, configReq, failsOn, ses } from "../check-fixtures";

describe("check: RecSyncSession bad input", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["unknown source array", { sourceArray: "kyoto" }, "sourceArray", /unknown array/],
    ["unknown destination array", { destinationArray: "kyoto" }, "destinationArray", /unknown array/],
    ["destination array without credentials", { destinationArray: "nocreds" }, "destinationArray", /no username/],
    ["transferMode Through", { transferMode: "Through" }, "transferMode", /Through mode is not supported/],
    ["transferMode misspelled (case)", { transferMode: "synchronous" }, "transferMode", /misspelled: write "Synchronous"/],
    ["transferMode misspelled", { transferMode: "Synchronus" }, "transferMode", /must be one of/],
    ["splitMode misspelled", { splitMode: "auto" }, "splitMode", /must be one of/],
    ["recoveryMode invalid", { recoveryMode: "Later" }, "recoveryMode", /must be one of/],
    ["source equal to destination", { destinationArray: "tokyo", destinationVolumeId: 100000 }, "destinationArray", /must differ.*same volume/],
    ["sourceVolumeId not integer", { sourceVolumeId: 1.5 }, "sourceVolumeId", /integer/],
    ["destinationVolumeId not integer", { destinationVolumeId: "100001" }, "destinationVolumeId", /integer/],
    ["sourceVolumeId missing", { sourceVolumeId: undefined }, "sourceVolumeId", /one of sourceVolumeId .*sourceVolumeName .*sourceVolumeNumber .*is required/],
    ["sourceVolumeId and sourceVolumeName", { sourceVolumeName: "db01" }, "sourceVolumeName", /exactly one of sourceVolumeId.*; got sourceVolumeId and sourceVolumeName/],
    ["sourceVolumeName and sourceVolumeNumber", { sourceVolumeId: undefined, sourceVolumeName: "db01", sourceVolumeNumber: 1 }, "sourceVolumeNumber", /exactly one of .*got sourceVolumeName and sourceVolumeNumber/],
    ["sourceVolumeName empty", { sourceVolumeId: undefined, sourceVolumeName: "" }, "sourceVolumeName", /non-empty string/],
    ["sourceVolumeNumber negative", { sourceVolumeId: undefined, sourceVolumeNumber: -1 }, "sourceVolumeNumber", /zero or positive.*Web GUI\/CLI/],
    ["sourceVolumeIdFrom declared", { sourceVolumeIdFrom: "sourceVolumeName" }, "sourceVolumeIdFrom", /set by the provider/],
    ["timeoutSeconds zero", { timeoutSeconds: 0 }, "timeoutSeconds", /positive/],
    ["timeoutSeconds negative", { timeoutSeconds: -5 }, "timeoutSeconds", /positive/],
    ["direction invalid", { direction: "Backward" }, "direction", /must be one of/],
    ["suspended not boolean", { suspended: "yes" }, "suspended", /true or false/],
  ];
  for (const [title, patch, prop, re] of cases) {
    it(title, () => failsOn(checkRecSyncSession(cfg, ses(patch)).failures, prop, re));
  }

  it("the same list through the configured provider object's check (as the plugin calls it)", async () => {
    const p = { ...recSyncSessionProvider };
    await p.configure!(configReq);
    for (const [, patch, prop, re] of cases) failsOn((await p.check!({}, { ...ses(patch), __provider: "x" })).failures!.slice(), prop, re);
  });

  it("fills defaults; splitMode only for Synchronous", () => {
    const r = checkRecSyncSession(cfg, ses());
    assert.deepEqual(r.failures, []);
    // splitMode's default depends on transferMode, so the plan applies it (desiredOf), not the stored inputs.
    assert.deepEqual(r.inputs, { ...ses(), transferMode: "Synchronous", recoveryMode: "Automatic", suspended: false, direction: "Forward", waitForEquivalent: true, timeoutSeconds: 3600, adopt: false, failover: false, acceptIncompleteMirror: false });
    const c = checkRecSyncSession(cfg, ses({ transferMode: "Consistency" }));
    assert.equal(c.inputs.splitMode, undefined);
  });

  describe("no rule depends on carried-over inputs (the engine re-sends old values)", () => {
    const modes = ["Synchronous", "Consistency", "Stack"] as const;
    const directions = ["Forward", "Reverse"] as const;
    // What a previous run may have stored as inputs: check's own output, or what refresh (read) wrote,
    // which includes the array's split mode of a Synchronous session.
    const previous = () => [
      checkRecSyncSession(cfg, ses()).inputs as Record<string, unknown>,
      { ...(checkRecSyncSession(cfg, ses()).inputs as Record<string, unknown>), splitMode: "Automatic" },
      { ...(checkRecSyncSession(cfg, ses()).inputs as Record<string, unknown>), splitMode: "Manual", direction: "Reverse" },
    ];
    for (const mode of modes) {
      for (const direction of directions) {
        it(`old inputs + transferMode ${mode}, direction ${direction} (as under ignoreChanges) check clean`, () => {
          for (const olds of previous()) {
            const news = { ...olds, transferMode: mode, direction };
            const r = checkRecSyncSession(cfg, news);
            assert.deepEqual(r.failures, [], `olds ${JSON.stringify(olds)}`);
            if (mode !== "Synchronous") assert.equal(r.inputs.splitMode, undefined, "a carried-over split mode is dropped for asynchronous modes");
            // A replacement checks the same inputs again with empty olds: still clean (Reverse included).
            assert.deepEqual(checkRecSyncSession(cfg, r.inputs).failures, []);
          }
        });
      }
    }
    it("a split mode with an asynchronous mode is dropped, not refused (check cannot tell declared from carried over)", () => {
      for (const splitMode of ["Automatic", "Manual"]) {
        const r = checkRecSyncSession(cfg, ses({ transferMode: "Stack", splitMode }));
        assert.deepEqual(r.failures, []);
        assert.equal(r.inputs.splitMode, undefined);
      }
    });
  });

  it("direction Reverse passes check (a replacement re-checks with empty olds); create refuses it before touching an array", () => {
    assert.deepEqual(checkRecSyncSession(cfg, ses({ direction: "Reverse" })).failures, []);
  });

  it("Reverse passes with adopt too", () => {
    assert.deepEqual(checkRecSyncSession(cfg, ses({ direction: "Reverse" })).failures, []);
    assert.deepEqual(checkRecSyncSession(cfg, ses({ direction: "Reverse", adopt: true })).failures, []);
  });

  it("unknown values during preview are accepted, cross-field rules skipped", () => {
    const all = Object.fromEntries(Object.keys(ses({ transferMode: 1, splitMode: 1, recoveryMode: 1, suspended: 1, direction: 1, waitForEquivalent: 1, timeoutSeconds: 1, adopt: 1 })).map((k) => [k, UNKNOWN]));
    assert.deepEqual(checkRecSyncSession(cfg, all).failures, []);
    assert.deepEqual(checkRecSyncSession(cfg, ses({ transferMode: UNKNOWN, splitMode: "Manual" })).failures, []);
    assert.deepEqual(checkRecSyncSession(cfg, ses({ destinationVolumeId: UNKNOWN })).failures, []);
  });
});
