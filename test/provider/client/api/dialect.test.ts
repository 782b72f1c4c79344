/**
 * provider/api/dialect.ts: the spellings the client tolerates, including values the simulator never sends
 * (arrays print "Error_Suspend", upper case, spaces; docs/rest-api.md rows 4 and 5).
 */
import { strict as assert } from "node:assert";
import {
  Phase, SessionStatus, enumEquals, idFromHref, isErrorStatus, isSettledPhase, isSuspendComplete, isTerminalJobStatus,
  normalizeEnum, sameSessionIdentity, suspendNeedsForce,
} from "../../../../provider/api/dialect";

describe("api/dialect spellings", () => {
  it("normalizeEnum ignores case, '_' and spaces; non-strings read as ''", () => {
    assert.equal(normalizeEnum("Copying_and_Tracking"), "copyingandtracking");
    assert.equal(normalizeEnum("COPYING AND TRACKING"), "copyingandtracking");
    assert.equal(normalizeEnum(undefined), "");
    assert.equal(normalizeEnum(3), "");
  });

  const statusCases: Array<[unknown, boolean]> = [
    ["Error", true], ["Error_Suspend", true], ["ERROR SUSPEND", true], ["error", true],
    ["Active", false], ["Suspend", false], ["Halt", false], [undefined, false], ["", false],
  ];
  for (const [s, want] of statusCases) it(`isErrorStatus(${JSON.stringify(s)}) = ${want}`, () => assert.equal(isErrorStatus(s), want));

  for (const s of ["Suspend", "SUSPEND", "suspend", " Suspend"]) {
    it(`"${s}" is the Suspend status (suspend complete)`, () => {
      assert.ok(enumEquals(s, SessionStatus.Suspend));
      assert.ok(isSuspendComplete({ status: s }));
    });
  }
  it("Error_Suspend is not a completed suspend", () => assert.equal(isSuspendComplete({ status: "Error_Suspend" }), false));

  for (const p of ["Copying_and_Tracking", "COPYING_AND_TRACKING", "Copying and Tracking", "copyingandtracking"]) {
    it(`phase "${p}" is Copying_and_Tracking, not Copying`, () => {
      assert.ok(enumEquals(p, Phase.CopyingAndTracking));
      assert.ok(!enumEquals(p, Phase.Copying));
    });
  }

  it("settled phase depends on the transfer mode (any spelling)", () => {
    assert.ok(isSettledPhase("Synchronous", "EQUIVALENT"));
    assert.ok(!isSettledPhase("synchronous", "Copying"));
    assert.ok(isSettledPhase("STACK", "copying"));
    assert.ok(!isSettledPhase("Consistency", "Copying_and_Tracking"));
    assert.ok(!isSettledPhase("Synchronous", "Readying"), "unknown phases are not ready");
  });

  it("suspendNeedsForce: forced unless Equivalent, in every mode (Stack in Equivalent takes a normal suspend [M:suspend])", () => {
    assert.ok(!suspendNeedsForce("stack", "Equivalent"));
    assert.ok(suspendNeedsForce("Stack", "Copying"));
    assert.ok(!suspendNeedsForce("Synchronous", "equivalent"));
    assert.ok(suspendNeedsForce("Synchronous", "Copying"));
  });

  const jobCases: Array<[unknown, boolean]> = [
    ["Success", true], ["SUCCESS", true], ["Partial_Error", true], ["partial error", true], ["Canceled", true], ["Cancelled", true],
    ["Error", true], ["Queued", false], ["Running", false], ["Pending", false], [undefined, false],
  ];
  for (const [s, want] of jobCases) it(`isTerminalJobStatus(${JSON.stringify(s)}) = ${want}`, () => assert.equal(isTerminalJobStatus(s), want));

  it("idFromHref reads the trailing id of absolute or relative hrefs", () => {
    assert.equal(idFromHref("/api/v1/volume/100001"), 100001);
    assert.equal(idFromHref("https://a:5665/api/v1/copysession/7/"), 7);
    assert.equal(idFromHref("/api/v1/volume/x"), undefined);
    assert.equal(idFromHref(undefined), undefined);
  });

  it("sameSessionIdentity: type REC in any case, box id in any case, local volume follows the direction", () => {
    const id = { sourceVolumeId: 1, remoteBoxId: "ab", remoteCopySessionId: 5 };
    assert.ok(sameSessionIdentity({ type: "rec", source_volume_href: "/api/v1/volume/1", remote_boxid: "AB", remote_copysession_id: "5" }, id));
    assert.ok(sameSessionIdentity({ type: "REC", is_local_source_volume: false, destination_volume_href: "/api/v1/volume/1", source_volume_href: "/api/v1/volume/9", remote_boxid: "ab", remote_copysession_id: 5 }, id));
    assert.ok(!sameSessionIdentity({ type: "EC", source_volume_href: "/api/v1/volume/1", remote_boxid: "ab", remote_copysession_id: 5 }, id));
    assert.ok(!sameSessionIdentity({ type: "REC", source_volume_href: "/api/v1/volume/1", remote_boxid: "ab", remote_copysession_id: 6 }, id));
  });
});
