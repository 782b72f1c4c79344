/**
 * simulator/model/dialect-choice.ts: a simulated array that speaks the chosen form only and answers the
 * others with a 400 naming the parameter (nothing done), for each DIALECT_TABLE row.
 */
import { strict as assert } from "node:assert";
import { DEFAULT_DIALECT, DIALECT_TABLE, Dialect, FORCED_FORMS } from "../../../provider/api/dialect";
import { DIALECT_FILE_FORMAT } from "../../../provider/api/dialect-file";
import { deleteJobs } from "../../../provider/api/jobs";
import { ApiRequest } from "../../../provider/api/request";
import { deleteCopySession, suspendCopySession } from "../../../provider/api/copy-sessions";
import { DialectRequest, simDialectFromFile, simDialectOf } from "../../../simulator/model/dialect-choice";
import { BadRequest } from "../../../simulator/model/errors";

const req = (body?: unknown, query = ""): DialectRequest => ({ query: new URLSearchParams(query), body });
/** What the array receives for a request the provider's builder made. */
const received = (r: ApiRequest): DialectRequest => ({ query: new URLSearchParams(r.path.split("?")[1] ?? ""), body: r.body });
const with_ = (o: Partial<Dialect>): Dialect => ({ ...DEFAULT_DIALECT, ...o });

function refused(fn: () => unknown, factor: string | RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof BadRequest && e.status === 400
    && (typeof factor === "string" ? e.factor === factor : factor.test(e.factor)));
}

describe("simulator/model/dialect-choice", () => {
  describe("the default dialect accepts what the simulator accepts today", () => {
    const sim = simDialectOf();
    it("forced flag: {is_forced: bool} or no body", () => {
      assert.equal(sim.forced("forcedSuspend", req({ is_forced: true })), true);
      assert.equal(sim.forced("forcedSuspend", req({ is_forced: false })), false);
      assert.equal(sim.forced("forcedDelete", req(undefined)), false);
      assert.equal(sim.forced("forcedDelete", req({})), false);
      refused(() => sim.forced("forcedSuspend", req({ is_forced: "true" })), "is_forced");
    });
    it("multi-suspend, job delete, REC extras, PATCH fields", () => {
      assert.deepEqual(sim.multiSuspend(req({ copysession_id_list: [1, 2], is_forced: true })), { ids: [1, 2], forced: true });
      assert.deepEqual(sim.jobDeleteIds(req({ job_id_list: [8192001] })), [8192001]);
      refused(() => sim.jobDeleteIds(req(undefined)), "job_id_list");
      assert.equal(sim.recCreateExtras, true);
      assert.equal(sim.patchMaxFields, Infinity);
    });
  });

  describe("the provider's builders and the array agree form by form", () => {
    for (const form of FORCED_FORMS) {
      it(`forced ${form}: accepted in its own form, every other form refused naming its parameter`, () => {
        const sim = simDialectOf(with_({ forcedSuspend: form, forcedDelete: form }));
        assert.equal(sim.forced("forcedSuspend", received(suspendCopySession(1, true, with_({ forcedSuspend: form })))), true);
        assert.equal(sim.forced("forcedDelete", received(deleteCopySession(1, true, with_({ forcedDelete: form })))), true);
        assert.equal(sim.forced("forcedSuspend", received(suspendCopySession(1, false, with_({ forcedSuspend: form })))), false);
        for (const other of FORCED_FORMS.filter((f) => f !== form)) {
          refused(() => sim.forced("forcedSuspend", received(suspendCopySession(1, true, with_({ forcedSuspend: other })))), other.split(":")[1]!);
        }
      });
    }

    for (const form of DIALECT_TABLE.jobDelete.forms) {
      it(`job delete ${form}`, () => {
        const sim = simDialectOf(with_({ jobDelete: form }));
        assert.deepEqual(sim.jobDeleteIds(received(deleteJobs([5, 6], with_({ jobDelete: form })))), [5, 6]);
        const other = DIALECT_TABLE.jobDelete.forms.find((f) => f !== form)!;
        refused(() => sim.jobDeleteIds(received(deleteJobs([5], with_({ jobDelete: other })))), /job_id/);
      });
    }

    for (const form of DIALECT_TABLE.multiSuspend.forms) {
      it(`multi-suspend ${form}, with the forced flag in row 2's form`, () => {
        const d = with_({ multiSuspend: form, forcedSuspend: "query:forced" });
        const sim = simDialectOf(d);
        const part = DIALECT_TABLE.multiSuspend.build(form, [3, 4]);
        const flag = DIALECT_TABLE.forcedSuspend.build(d.forcedSuspend, true);
        assert.deepEqual(sim.multiSuspend(req(part.body, "forced=true")), { ids: [3, 4], forced: true });
        assert.deepEqual(flag, { query: { forced: true } });
        assert.deepEqual(sim.multiSuspend(req(part.body)), { ids: [3, 4], forced: false });
        for (const other of DIALECT_TABLE.multiSuspend.forms.filter((f) => f !== form)) {
          refused(() => sim.multiSuspend(req(DIALECT_TABLE.multiSuspend.build(other, [3]).body)), /copysession/);
        }
        refused(() => sim.multiSuspend(req({ ...part.body, is_forced: true })), "is_forced");
      });
    }
  });

  it("malformed values are refused naming the field", () => {
    const sim = simDialectOf(with_({ forcedSuspend: "query:forced", jobDelete: "query:job_id", multiSuspend: "body:copysession_href_list" }));
    refused(() => sim.forced("forcedSuspend", req(undefined, "forced=yes")), "forced");
    refused(() => sim.forced("forcedSuspend", req([1])), "body");
    refused(() => sim.jobDeleteIds(req(undefined, "job_id=1,x")), "job_id");
    refused(() => sim.jobDeleteIds(req(undefined)), "job_id");
    refused(() => sim.multiSuspend(req({ copysession_href_list: ["/api/v1/volume/1"] })), "copysession_href_list");
    refused(() => sim.multiSuspend(req({ copysession_href_list: [] })), "copysession_href_list");
    refused(() => sim.multiSuspend(req({})), "copysession_href_list");
  });

  describe("from a dialect file", () => {
    const file = (rows: Record<string, unknown>) => JSON.stringify({ format: DIALECT_FILE_FORMAT, probeVersion: "0.4.0", rows });
    it("pins the rows the file names", () => {
      const sim = simDialectFromFile(file({ "1": { form: "query:is_forced", evidence: "" }, "15": { form: "documented-only", evidence: "" } }));
      assert.equal(sim.dialect.forcedDelete, "query:is_forced");
      assert.equal(sim.dialect.forcedSuspend, DEFAULT_DIALECT.forcedSuspend);
      assert.equal(sim.recCreateExtras, false);
      assert.equal(sim.patchMaxFields, Infinity);
    });
    it("row 17 limits PATCH to one field only when the file pins one-field-per-request", () => {
      assert.equal(simDialectFromFile(file({ "17": { form: "one-field-per-request", evidence: "" } })).patchMaxFields, 1);
      assert.equal(simDialectFromFile(file({ "17": { form: "combined", evidence: "" } })).patchMaxFields, Infinity);
    });
    it("a bad file is an error naming the problem", () => {
      assert.throws(() => simDialectFromFile(file({ "3": { form: "body:ids", evidence: "" } })), /dialect file: rows\.3\.form/);
    });
  });
});
