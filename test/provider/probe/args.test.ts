/** The probe's command line: no credential ever on argv; the drill only with its flags. */
import * as assert from "node:assert/strict";
import { drillRequestOf, parseProbeArgs } from "../../../provider/probe/args";
import { drillProblem } from "../../../provider/probe/drill/plan";

describe("probe/args", () => {
  it("reads arrays, stack, out, drill pools and size", () => {
    const a = parseProbeArgs(["--array", "tokyo", "--array=osaka", "--stack", "prod", "--drill", "--pool", "tokyo=0", "--pool=osaka=3", "--size-mb", "1024"]);
    assert.deepEqual(a.arrays, ["tokyo", "osaka"]);
    assert.equal(a.stack, "prod");
    assert.deepEqual(drillRequestOf(a), { pools: { tokyo: 0, osaka: 3 }, sizeMb: 1024 });
    assert.equal(drillProblem(drillRequestOf(a), a.arrays), undefined);
  });

  for (const argv of [["--password", "x"], ["--password=x"], ["--tokyo-password", "x"], ["--token", "t"]]) {
    it(`refuses a credential on the command line: ${argv.join(" ")}`, () => {
      assert.throws(() => parseProbeArgs(argv), (e: Error & { code?: string }) => e.code === "ERR_CONFIG" && /never takes a credential/.test(e.message) && !/\bx\b.*\bx\b/.test(e.message));
    });
  }

  it("is read-only unless --drill: pools and size without it are refused", () => {
    assert.throws(() => parseProbeArgs(["--pool", "a=0"]), /belong to --drill/);
    assert.equal(drillRequestOf(parseProbeArgs([])), undefined);
  });

  it("the drill refuses without a pool on each array, a size, or exactly two arrays", () => {
    assert.match(drillProblem(drillRequestOf(parseProbeArgs(["--drill"]))!, ["a", "b"])!, /--pool a=<pool id> --pool b=<pool id>/);
    assert.match(drillProblem({ pools: { a: 0, b: 0 }, sizeMb: NaN }, ["a", "b"])!, /--size-mb/);
    assert.match(drillProblem({ pools: { a: 0, b: 0 }, sizeMb: 1_000_000 }, ["a", "b"])!, /--size-mb/);
    assert.match(drillProblem({ pools: { a: 0 }, sizeMb: 100 }, ["a"])!, /exactly two arrays/);
  });

  it("refuses unknown arguments", () => {
    assert.throws(() => parseProbeArgs(["--bogus"]), /unknown argument --bogus/);
  });
});
