/** The DR cells of the plan table: source down x status x desired (failover / failback). */
import { strict as assert } from "assert";
import { planFailback, planFailover } from "../../../../provider/resources/rec-sync-session/dr-plan";
import { describeSteps, type DesiredSession, type ObservedSession } from "../../../../provider/resources/rec-sync-session/plan";

const want = (o: Partial<DesiredSession> = {}): DesiredSession => ({ transferMode: "Synchronous", splitMode: "Automatic", recoveryMode: "Automatic", suspended: false, direction: "Forward", waitForEquivalent: true, failover: true, acceptIncompleteMirror: false, ...o });
const seen = (o: Partial<ObservedSession> = {}): ObservedSession => ({ status: "Active", phase: "Equivalent", transferMode: "Synchronous", splitMode: "Automatic", recoveryMode: "Automatic", direction: "Forward", ...o });
const up = { acceptIncompleteMirror: false, sourceUnreachable: false };
const down = { acceptIncompleteMirror: false, sourceUnreachable: true };

describe("DR plan cells", () => {
  describe("failover", () => {
    const cells: [string, ObservedSession, typeof up, string | RegExp][] = [
      ["source up, Active/Equivalent: normal suspend", seen(), up, "suspend -> wait until suspended"],
      ["source down, Halt/Equivalent: forced through the destination", seen({ status: "Halt" }), down, "suspend (FORCED) -> wait until suspended"],
      ["source up, Halt/Equivalent: forced", seen({ status: "Halt" }), up, "suspend (FORCED) -> wait until suspended"],
      ["source down, Halt/Copying: refused", seen({ status: "Halt", phase: "Copying", progress: 40 }), down, /refused: the mirror is incomplete \(phase Copying, 40% copied/],
      ["source up, Active/Copying: refused", seen({ phase: "Copying", progress: 10 }), up, /refused: the mirror is incomplete/],
      ["Consistency, Equivalent: lags, refused", seen({ transferMode: "Consistency" }), down, /lags behind.*asynchronous/],
      ["Error: refused (never replaced: the mirror may hold the business data)", seen({ status: "Error" }), up, /refused: the session is Error/],
      ["already suspended: nothing to do", seen({ status: "Suspend", phase: "Tracking" }), down, "noop"],
    ];
    it("Stack, Active/Copying, incomplete acknowledged: refused anyway (the array refuses even a forced suspend)", () => {
      const p = planFailover(want({ acceptIncompleteMirror: true, transferMode: "Stack" }), seen({ transferMode: "Stack", phase: "Copying" }), { ...up, acceptIncompleteMirror: true });
      assert.equal(p.action, "refuse");
      assert.match(p.reason, /failover refused: a Stack-mode REC session can be suspended only in phase Equivalent/);
    });
    it("Stack, source down (Halt), incomplete acknowledged: forced through the destination", () => {
      const p = planFailover(want({ acceptIncompleteMirror: true, transferMode: "Stack" }), seen({ transferMode: "Stack", status: "Halt", phase: "Copying" }), { ...down, acceptIncompleteMirror: true });
      assert.equal(describeSteps(p.steps), "suspend (FORCED) -> wait until suspended");
    });
    for (const [title, o, f, expect] of cells) {
      it(title, () => {
        const p = planFailover(want(), o, f);
        if (expect === "noop") assert.equal(p.action, "noop");
        else if (typeof expect === "string") assert.equal(describeSteps(p.steps), expect, JSON.stringify(p));
        else { assert.equal(p.action, "refuse"); assert.match(p.reason, expect); }
      });
    }
    it("acceptIncompleteMirror turns a refusal into a forced suspend with a warning", () => {
      const p = planFailover(want({ acceptIncompleteMirror: true }), seen({ status: "Halt", phase: "Copying" }), { acceptIncompleteMirror: true, sourceUnreachable: true });
      assert.equal(describeSteps(p.steps), "suspend (FORCED) -> wait until suspended");
      assert.ok(p.warnings.some((w) => /incomplete mirror/.test(w)));
    });
  });

  describe("failback", () => {
    const back = want({ failover: false });
    it("suspended Forward: reverse, resume, copy home, suspend, reverse, resume, Equivalent", () => {
      assert.equal(describeSteps(planFailback(back, seen({ status: "Suspend", phase: "Tracking" })).steps),
        "reverse -> resume -> wait for Equivalent -> suspend -> wait until suspended -> reverse -> resume -> wait for Equivalent");
    });
    it("interrupted while copying home (Active Reverse): continues", () => {
      assert.equal(describeSteps(planFailback(back, seen({ direction: "Reverse", phase: "Copying" })).steps),
        "wait for Equivalent -> suspend -> wait until suspended -> reverse -> resume -> wait for Equivalent");
    });
    it("interrupted after the suspend (Suspend Reverse): finishes", () => {
      assert.equal(describeSteps(planFailback(back, seen({ status: "Suspend", direction: "Reverse" })).steps), "reverse -> resume -> wait for Equivalent");
    });
    it("a mode change declared with the failback is made while suspended, before the copy home", () => {
      const p = planFailback(back, seen({ status: "Suspend", transferMode: "Consistency" }));
      assert.match(describeSteps(p.steps), /^PATCH transfer_mode Synchronous -> PATCH split_mode Automatic -> reverse -> resume/);
    });
    it("Halt (site or path still down): refused", () => {
      assert.equal(planFailback(back, seen({ status: "Halt" })).action, "refuse");
    });
    it("Stack declared: refused (the copy home could not be confirmed)", () => {
      assert.match(planFailback(want({ failover: false, transferMode: "Stack" }), seen({ status: "Suspend" })).reason, /Stack/);
    });
  });
});
