/** provider/api/dialect-file.ts: the probe's output, as the provider reads it. */
import { strict as assert } from "node:assert";
import { DEFAULT_DIALECT } from "../../../provider/api/dialect";
import { DIALECT_FILE_FORMAT, parseDialectFile } from "../../../provider/api/dialect-file";

const file = (rows: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: DIALECT_FILE_FORMAT, probeVersion: "0.4.0", rows, ...extra });

function problemOf(text: string): string {
  const r = parseDialectFile(text);
  assert.ok("problem" in r, "expected a problem");
  return r.problem;
}

describe("api/dialect-file", () => {
  it("pins the rows it names and keeps the defaults for the others", () => {
    const r = parseDialectFile(file({
      "2": { form: "query:forced", verdict: "contradicted", evidence: "400 is_forced: unknown parameter; query forced=true accepted" },
      "15": { form: "documented-only", evidence: "400 naming split_mode" },
      "4": { verdict: "consistent", evidence: "phases seen: Copying, Equivalent, Tracking" },
    }, { array: "tokyo", firmware: "V11L50" }));
    assert.ok("dialect" in r);
    assert.deepEqual(r.dialect, { ...DEFAULT_DIALECT, forcedSuspend: "query:forced", recCreate: "documented-only" });
    assert.equal(r.file.probeVersion, "0.4.0");
    assert.ok(Object.isFrozen(r.dialect));
  });

  it("an empty rows object is the default dialect", () => {
    const r = parseDialectFile(file({}));
    assert.ok("dialect" in r);
    assert.deepEqual(r.dialect, DEFAULT_DIALECT);
  });

  it("refuses an unknown form, naming the row and the known forms", () => {
    const p = problemOf(file({ "1": { form: "header:X-Force", evidence: "" } }));
    assert.match(p, /rows\.1\.form/);
    assert.match(p, /body:is_forced, query:forced/);
  });

  it("refuses a form on a row without alternatives, and rows outside 1..23", () => {
    assert.match(problemOf(file({ "4": { form: "Tracking", evidence: "" } })), /row 4 has no alternative forms/);
    assert.match(problemOf(file({ "24": { evidence: "" } })), /there is no row 24/);
    assert.match(problemOf(file({ "0": { evidence: "" } })), /there is no row 0/);
  });

  it("refuses bad JSON, another format, a missing probe version, unknown keys and bad verdicts", () => {
    assert.match(problemOf("{"), /not valid JSON/);
    assert.match(problemOf(JSON.stringify({ format: "other/1", probeVersion: "1", rows: {} })), /^format:/);
    assert.match(problemOf(JSON.stringify({ format: DIALECT_FILE_FORMAT, rows: {} })), /^probeVersion:/);
    assert.match(problemOf(file({}, { token: "x" })), /token/);
    assert.match(problemOf(file({ "2": { verdict: "maybe", evidence: "" } })), /rows\.2\.verdict/);
    assert.match(problemOf(file({ "two": { evidence: "" } })), /rows/);
  });
});
