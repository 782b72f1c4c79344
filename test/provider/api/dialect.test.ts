/**
 * provider/api/dialect.ts: the dialect table (issue 16) and the Stack-mode suspend rule [M:suspend].
 */
import { strict as assert } from "node:assert";
import {
  DEFAULT_DIALECT, DIALECT_TABLE, DialectPoint, FORCED_FIELD, MULTI_SUSPEND_LIST_FIELD, JOB_DELETE_LIST_FIELD,
  dialectPointOfRow, forcedBody, isDialectForm, nextDialectForm, stackSuspendProblem, suspendNeedsForce,
} from "../../../provider/api/dialect";

const points = Object.keys(DIALECT_TABLE) as DialectPoint[];

describe("api/dialect table", () => {
  it("covers rows 1, 2, 3, 7, 15 and 17, one point per row", () => {
    assert.deepEqual(points.map((p) => DIALECT_TABLE[p].row), [1, 2, 3, 7, 15, 17]);
    for (const p of points) assert.equal(dialectPointOfRow(DIALECT_TABLE[p].row), p);
    assert.equal(dialectPointOfRow(4), undefined, "row 4 has no alternative forms");
  });

  it("the default dialect is each row's first form, and the forms are distinct", () => {
    for (const p of points) {
      assert.equal(DEFAULT_DIALECT[p], DIALECT_TABLE[p].forms[0], p);
      assert.equal(new Set(DIALECT_TABLE[p].forms).size, DIALECT_TABLE[p].forms.length, p);
      assert.ok(DIALECT_TABLE[p].forms.length >= 2, `${p} has an alternative`);
    }
    assert.ok(Object.isFrozen(DEFAULT_DIALECT));
  });

  it("default forms build today's request parts (the constants above stay their spelling)", () => {
    assert.deepEqual(DIALECT_TABLE.forcedDelete.build(DEFAULT_DIALECT.forcedDelete, true), { body: { [FORCED_FIELD]: true } });
    assert.deepEqual(DIALECT_TABLE.forcedSuspend.build(DEFAULT_DIALECT.forcedSuspend, true).body, forcedBody(true));
    assert.deepEqual(DIALECT_TABLE.multiSuspend.build(DEFAULT_DIALECT.multiSuspend, [3, 4]), { body: { [MULTI_SUSPEND_LIST_FIELD]: [3, 4] } });
    assert.deepEqual(DIALECT_TABLE.jobDelete.build(DEFAULT_DIALECT.jobDelete, [9]), { body: { [JOB_DELETE_LIST_FIELD]: [9] } });
    assert.deepEqual(DIALECT_TABLE.recCreate.build(DEFAULT_DIALECT.recCreate, { transferMode: "Synchronous" }),
      { body: { split_mode: "Automatic", recovery_mode: "Automatic" } });
    assert.deepEqual(DIALECT_TABLE.patchFields.build(DEFAULT_DIALECT.patchFields, [["transfer_mode", "Stack"], ["recovery_mode", "Manual"]]),
      [{ transfer_mode: "Stack" }, { recovery_mode: "Manual" }]);
  });

  it("forced forms: body or query, named as the form says; nothing when not forced", () => {
    assert.deepEqual(DIALECT_TABLE.forcedSuspend.build("query:forced", true), { query: { forced: true } });
    assert.deepEqual(DIALECT_TABLE.forcedSuspend.build("query:is_forced", true), { query: { is_forced: true } });
    assert.deepEqual(DIALECT_TABLE.forcedSuspend.build("body:force", true), { body: { force: true } });
    for (const f of DIALECT_TABLE.forcedDelete.forms) assert.deepEqual(DIALECT_TABLE.forcedDelete.build(f, false), {}, f);
  });

  it("other rows' alternative forms", () => {
    assert.deepEqual(DIALECT_TABLE.multiSuspend.build("body:copysession_href_list", [1]), { body: { copysession_href_list: ["/api/v1/copysession/1"] } });
    assert.deepEqual(DIALECT_TABLE.multiSuspend.build("body:copysession_list", [1, 2]), { body: { copysession_list: [{ copysession_id: 1 }, { copysession_id: 2 }] } });
    assert.deepEqual(DIALECT_TABLE.jobDelete.build("query:job_id", [1, 2]), { query: { job_id: [1, 2] } });
    assert.deepEqual(DIALECT_TABLE.recCreate.build("documented-only", { transferMode: "Synchronous", splitMode: "Manual" }), {});
    assert.deepEqual(DIALECT_TABLE.recCreate.build("with-extras", { transferMode: "Stack", splitMode: "Manual" }), { body: { recovery_mode: "Automatic" } },
      "split_mode exists for Synchronous only");
    assert.deepEqual(DIALECT_TABLE.patchFields.build("combined", [["transfer_mode", "Synchronous"], ["split_mode", "Manual"]]),
      [{ transfer_mode: "Synchronous", split_mode: "Manual" }]);
    assert.deepEqual(DIALECT_TABLE.patchFields.build("combined", []), []);
  });

  it("isDialectForm accepts a point's candidates only", () => {
    assert.ok(isDialectForm("forcedSuspend", "query:forced"));
    assert.ok(!isDialectForm("forcedSuspend", "body:copysession_id_list"));
    assert.ok(!isDialectForm("jobDelete", 7));
  });

  it("nextDialectForm walks the candidates once, in table order", () => {
    assert.equal(nextDialectForm("forcedDelete", "body:is_forced"), "query:forced");
    assert.equal(nextDialectForm("forcedDelete", "body:force"), undefined);
    assert.equal(nextDialectForm("recCreate", "with-extras"), "documented-only");
    assert.equal(nextDialectForm("recCreate", "documented-only"), undefined);
  });
});

describe("api/dialect Stack-mode suspend [M:suspend]", () => {
  it("a Stack session that is not Equivalent cannot be suspended: refused with the procedure", () => {
    for (const phase of ["Copying", "COPYING", "Copying_and_Tracking", "", undefined]) {
      const p = stackSuspendProblem("Stack", phase, "Active");
      assert.ok(p, String(phase));
      assert.match(p!, /Through or Consistency/);
      assert.match(p!, /Equivalent/);
      assert.match(p!, /replace the session/);
    }
    assert.match(stackSuspendProblem("stack", "Copying")!, /reads Copying/);
    assert.match(stackSuspendProblem("Stack", undefined)!, /reads unknown/);
  });

  it("Stack in Equivalent takes a normal suspend; a halted Stack session keeps the manual-recovery forced suspend", () => {
    assert.equal(stackSuspendProblem("Stack", "Equivalent", "Active"), undefined);
    assert.equal(suspendNeedsForce("Stack", "Equivalent"), false);
    assert.equal(stackSuspendProblem("Stack", "Copying", "Halt"), undefined);
  });

  it("other modes are never refused by this rule", () => {
    for (const mode of ["Synchronous", "Consistency", "Through", undefined]) assert.equal(stackSuspendProblem(mode, "Copying", "Active"), undefined);
  });
});
