import { strict as assert } from "assert";
import { checkRecSyncSession } from "../../../../provider/resources/rec-sync-session/check";
import { recSyncSessionProvider } from "../../../../provider/resources/rec-sync-session/resource";
import { UNKNOWN } from "../../../../provider/resources/common/unknown";
import { cfg, configReq, failsOn, ses } from "../check-fixtures";
import * as fc from "fast-check";
import type { CopySession } from "../../../../provider/client/types";
import { inputsFromOutputs, outputsOf } from "../../../../provider/resources/rec-sync-session/outputs";
import {
  KEYS, DIRECTIONS, RECOVERY_MODES, SPLIT_MODES, TRANSFER_MODES, type RecSyncSessionInputs,
} from "../../../../provider/resources/rec-sync-session/schema";

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

/**
 * Property tests: whatever the engine sends as olds (check's own output, what refresh recorded, nothing at
 * all for a replacement) and whatever it carries from them into the news (ignoreChanges), check() answers
 * from the news alone and never refuses a value the new transfer mode makes irrelevant.
 */
describe("check: RecSyncSession properties over old and new inputs (fast-check)", () => {
  const pick = <T>(xs: readonly T[]) => fc.option(fc.constantFrom(...xs), { nil: undefined });
  /** A valid declaration (a split mode only where it applies, as the docs tell users). */
  const declaration = fc.record({
    transferMode: pick(TRANSFER_MODES),
    splitMode: pick(SPLIT_MODES),
    recoveryMode: pick(RECOVERY_MODES),
    direction: pick(DIRECTIONS),
    suspended: pick([true, false]),
    waitForEquivalent: pick([true, false]),
    timeoutSeconds: pick([1, 60, 3600]),
    adopt: pick([true, false]),
    failover: pick([true, false]),
    acceptIncompleteMirror: pick([true, false]),
  }).map((d) => {
    const out: Record<string, unknown> = ses();
    for (const [k, v] of Object.entries(d)) if (v !== undefined) out[k] = v;
    if ((out.transferMode ?? "Synchronous") !== "Synchronous") delete out.splitMode;
    return out;
  });
  /** The array's view of a session: its mode may have drifted from the declaration. */
  const arraySide = fc.record({ mode: fc.constantFrom(...TRANSFER_MODES), split: fc.constantFrom(...SPLIT_MODES), status: fc.constantFrom("Active", "Suspend") });
  const checked = (news: Record<string, unknown>) => checkRecSyncSession(cfg, news).inputs as unknown as RecSyncSessionInputs;
  /** What read (refresh) returns as inputs for a session declared `decl` and seen as `seen`. */
  function refreshed(decl: Record<string, unknown>, seen: { mode: string; split: string; status: string }): Record<string, unknown> {
    const s = {
      copysession_id: 7, status: seen.status, phase: seen.status === "Active" ? "Equivalent" : "Tracking",
      transfer_mode: seen.mode, split_mode: seen.mode === "Synchronous" ? seen.split : "Manual", recovery_mode: "Automatic",
      is_local_source_volume: true,
    } as unknown as CopySession;
    return inputsFromOutputs(outputsOf(checked(decl), s, { sourceBoxId: "A", destinationBoxId: "B" }));
  }
  /** Old inputs the engine may hold: none (create, replacement), check's output, or refresh's. */
  const olds = fc.oneof(
    fc.constant({}),
    declaration.map((d) => checked(d) as unknown as Record<string, unknown>),
    fc.tuple(declaration, arraySide).map(([d, seen]) => refreshed(d, seen)),
  );
  /** ignoreChanges: the listed keys keep their old values, the rest comes from the new declaration. */
  const carried = fc.tuple(olds, declaration, fc.subarray([...KEYS.declared])).map(([o, d, keys]) => {
    const old: Record<string, unknown> = o;
    const news = { ...d };
    for (const k of keys) if (k in old) news[k] = old[k];
    return { olds: old, news };
  });
  let provider: typeof recSyncSessionProvider;
  before(async () => {
    provider = { ...recSyncSessionProvider };
    await provider.configure!(configReq);
  });

  it("the plugin's check(olds, news) equals check({}, news), and never fails on carried-over values", async () => {
    await fc.assert(fc.asyncProperty(carried, async ({ olds: o, news }) => {
      const withOlds = await provider.check!(o, news);
      const fresh = await provider.check!({}, news);
      assert.deepEqual(withOlds, fresh);
      assert.deepEqual(fresh.failures ?? [], [], `news ${JSON.stringify(news)}`);
    }), { numRuns: 300 });
  });

  it("after a refresh, another transfer mode (or none) checks clean, and a replacement's re-check of the result too", () => {
    fc.assert(fc.property(declaration, arraySide, pick(TRANSFER_MODES), (decl, seen, mode) => {
      const news = { ...refreshed(decl, seen), transferMode: mode };
      const r = checkRecSyncSession(cfg, news);
      assert.deepEqual(r.failures, [], `news ${JSON.stringify(news)}`);
      if ((mode ?? "Synchronous") !== "Synchronous") assert.equal(r.inputs.splitMode, undefined);
      const again = checkRecSyncSession(cfg, r.inputs);
      assert.deepEqual(again.failures, []);
      assert.deepEqual(again.inputs, r.inputs, "checking checked inputs changes nothing");
    }), { numRuns: 300 });
  });

  it("refresh records no split mode the user did not declare", () => {
    fc.assert(fc.property(declaration, arraySide, (decl, seen) => {
      const inputs = refreshed(decl, seen);
      if (seen.mode !== "Synchronous" || seen.split === "Automatic") assert.equal(inputs.splitMode, undefined);
      else assert.equal(inputs.splitMode, seen.split);
    }), { numRuns: 200 });
  });
});
