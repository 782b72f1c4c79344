import { strict as assert } from "assert";
import { describeSteps, planUpdate, type DesiredSession, type ObservedSession } from "../../../../provider/resources/rec-sync-session/plan";

const want = (o: Partial<DesiredSession> = {}): DesiredSession => ({ transferMode: "Synchronous", splitMode: "Automatic", recoveryMode: "Automatic", suspended: false, direction: "Forward", waitForEquivalent: true, failover: false, acceptIncompleteMirror: false, ...o });
const seen = (o: Partial<ObservedSession> = {}): ObservedSession => ({ status: "Active", phase: "Equivalent", transferMode: "Synchronous", splitMode: "Automatic", recoveryMode: "Automatic", direction: "Forward", ...o });
const steps = (d: DesiredSession, o: ObservedSession) => {
  const p = planUpdate(d, o);
  assert.equal(p.action, "steps", JSON.stringify(p));
  return describeSteps(p.steps);
};

describe("RecSyncSession plan table (desired, observed) -> steps", () => {
  it("Active/Equivalent as declared -> NOOP", () => assert.equal(planUpdate(want(), seen()).action, "noop"));
  it("Active/Copying (initial copy) as declared -> NOOP", () => assert.equal(planUpdate(want(), seen({ phase: "Copying" })).action, "noop"));

  it("Synchronous -> Consistency: suspend, wait, PATCH, resume, wait", () => {
    assert.equal(steps(want({ transferMode: "Consistency", splitMode: undefined }), seen()),
      "suspend -> wait until suspended -> PATCH transfer_mode Consistency -> resume -> wait for Equivalent");
  });

  it("Consistency -> Synchronous: split_mode is sent again (the array left it Manual)", () => {
    assert.equal(steps(want(), seen({ transferMode: "Consistency", splitMode: "Manual" })),
      "suspend -> wait until suspended -> PATCH transfer_mode Synchronous -> PATCH split_mode Automatic -> resume -> wait for Equivalent");
  });

  it("Stack -> Synchronous while Copying: refused with the procedure (the array refuses even a forced suspend)", () => {
    const p = planUpdate(want(), seen({ transferMode: "Stack", phase: "Copying", splitMode: "Manual" }));
    assert.equal(p.action, "refuse");
    assert.deepEqual(p.steps, []);
    assert.match(p.reason, /Stack.*only in phase Equivalent.*Procedure: .*Through or Consistency/s);
  });

  it("Stack -> Synchronous in Equivalent: a normal suspend (the rule is per phase)", () => {
    const p = planUpdate(want(), seen({ transferMode: "Stack", phase: "Equivalent", splitMode: "Manual" }));
    assert.equal(p.steps[0].op, "suspend");
    assert.equal((p.steps[0] as { forced: boolean }).forced, false);
  });

  it("Stack halted (copy path lost): the forced suspend the manual asks for is not refused", () => {
    const p = planUpdate(want({ suspended: true, transferMode: "Stack" }), seen({ transferMode: "Stack", status: "Halt", phase: "Copying", splitMode: "Manual" }));
    assert.notEqual(p.action, "refuse");
    assert.equal(p.steps[0].op, "suspend");
    assert.equal((p.steps[0] as { forced: boolean }).forced, true);
  });

  it("recovery mode only -> PATCH recovery_mode with suspend/resume around it", () => {
    assert.equal(steps(want({ recoveryMode: "Manual" }), seen()), "suspend -> wait until suspended -> PATCH recovery_mode Manual -> resume -> wait for Equivalent");
  });

  it("suspended: true from Active/Equivalent -> normal suspend and wait", () => {
    assert.equal(steps(want({ suspended: true }), seen()), "suspend -> wait until suspended");
  });

  it("suspended: true from Active/Copying -> FORCED suspend", () => {
    assert.equal(steps(want({ suspended: true }), seen({ phase: "Copying" })), "suspend (FORCED) -> wait until suspended");
  });

  it("Suspend as declared -> NOOP", () => assert.equal(planUpdate(want({ suspended: true }), seen({ status: "Suspend", phase: "Tracking" })).action, "noop"));

  it("Suspend, declared running -> resume, wait (and a warning: destination writes are discarded)", () => {
    const p = planUpdate(want(), seen({ status: "Suspend", phase: "Tracking" }));
    assert.equal(describeSteps(p.steps), "resume -> wait for Equivalent");
    assert.match(p.warnings.join(), /discards writes/);
  });

  it("Suspend, mode change while staying suspended -> PATCH only", () => {
    assert.equal(steps(want({ suspended: true, transferMode: "Stack", splitMode: undefined }), seen({ status: "Suspend", phase: "Tracking" })), "PATCH transfer_mode Stack");
  });

  it("direction Reverse (restore) from Active/Equivalent -> suspend, reverse, resume, wait", () => {
    assert.equal(steps(want({ direction: "Reverse" }), seen()), "suspend -> wait until suspended -> reverse -> resume -> wait for Equivalent");
  });

  it("back to Forward -> the same procedure again", () => {
    assert.equal(steps(want(), seen({ direction: "Reverse" })), "suspend -> wait until suspended -> reverse -> resume -> wait for Equivalent");
  });

  it("Reverse while the copy is incomplete -> REFUSE (data-loss guard)", () => {
    const p = planUpdate(want({ direction: "Reverse" }), seen({ phase: "Copying", progress: 40 }));
    assert.equal(p.action, "refuse");
    assert.match(p.reason, /incomplete.*suspended: true/);
  });

  it("Reverse from a suspended session (the explicit acknowledgment) -> reverse, resume", () => {
    assert.equal(steps(want({ direction: "Reverse" }), seen({ status: "Suspend", phase: "Tracking" })), "reverse -> resume -> wait for Equivalent");
  });

  it("Error -> REPLACE (Error sessions cannot be suspended; delete and re-create)", () => {
    const p = planUpdate(want(), seen({ status: "Error", errorCode: "b1" }));
    assert.equal(p.action, "replace");
    assert.match(p.reason, /error_code b1.*delete and re-create/);
    assert.equal(planUpdate(want(), seen({ status: "Error_Suspend" })).action, "replace");
  });

  it("Halt, recovery Automatic -> NOOP with a warning", () => {
    const p = planUpdate(want(), seen({ status: "Halt" }));
    assert.equal(p.action, "noop");
    assert.match(p.warnings.join(), /recovers it when the path returns/);
  });

  it("Halt, recovery Manual -> manual recovery: forced suspend, resume", () => {
    assert.match(steps(want({ recoveryMode: "Manual" }), seen({ status: "Halt", recoveryMode: "Manual" })), /^suspend \(FORCED\) -> wait until suspended -> resume/);
  });

  it("Halt in Equivalent, restore wanted (DR) -> forced suspend, reverse, resume", () => {
    assert.equal(steps(want({ direction: "Reverse" }), seen({ status: "Halt" })), "suspend (FORCED) -> wait until suspended -> reverse -> resume -> wait for Equivalent");
  });

  it("Halt in Copying, restore wanted -> REFUSE", () => assert.equal(planUpdate(want({ direction: "Reverse" }), seen({ status: "Halt", phase: "Copying" })).action, "refuse"));

  it("unknown status: NOOP when nothing is asked, REFUSE otherwise", () => {
    assert.equal(planUpdate(want(), seen({ status: "Reserved" })).action, "noop");
    assert.equal(planUpdate(want({ suspended: true }), seen({ status: "Reserved" })).action, "refuse");
  });

  it("waitForEquivalent false -> resume without waiting", () => {
    assert.equal(steps(want({ transferMode: "Stack", splitMode: undefined, waitForEquivalent: false }), seen()), "suspend -> wait until suspended -> PATCH transfer_mode Stack -> resume");
  });

  describe("the risk of each change is stated with the plan", () => {
    const risks = (d: DesiredSession, o: ObservedSession) => planUpdate(d, o).warnings.join("\n");
    it("suspend: the mirror no longer protects new writes", () => assert.match(risks(want({ suspended: true }), seen()), /does NOT protect new writes/));
    it("to an asynchronous mode: RPO > 0, and why - splitMode", () => {
      const r = risks(want({ transferMode: "Consistency", splitMode: undefined }), seen());
      assert.match(r, /asynchronous.*RPO > 0/);
      assert.match(r, /- splitMode/);
    });
    it("Reverse: the business volume is overwritten, stop host I/O", () => assert.match(risks(want({ direction: "Reverse" }), seen()), /OVERWRITES the business volume.*stop host I\/O/));
    it("back to Forward: the mirror is overwritten", () => assert.match(risks(want(), seen({ status: "Suspend", direction: "Reverse" })), /mirror is overwritten/));
    it("nothing to change: no risk lines", () => assert.deepEqual(planUpdate(want(), seen()).warnings, []));
  });
});
