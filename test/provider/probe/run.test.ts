/**
 * The probe against the simulator (issue 16): read-only (no mutating request, every observable row
 * consistent), the drill in the default dialect and in an altered one (the altered rows contradicted with the
 * form the array accepted, the dialect file pinning it), and no secret in any output.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_DIALECT, Dialect } from "../../../provider/api/dialect";
import { parseDialectFile } from "../../../provider/api/dialect-file";
import type { RowVerdict } from "../../../provider/probe/rows";
import { ARRAYS, PASSWORD, ProbeHarness, assertNoSecrets, startProbeHarness } from "./probe-harness";

const DRILL = { pools: { "site-a": 0, "site-b": 0 }, sizeMb: 1024 };
const DRILL_ROWS = [1, 2, 3, 7, 15, 17];

function rowOf(rows: RowVerdict[] | undefined, n: number): RowVerdict {
  const r = rows?.find((x) => x.row === n);
  assert.ok(r, `row ${n} is reported`);
  return r;
}

describe("probe/run against the simulator", function () {
  this.timeout(120_000);

  describe("default dialect", () => {
    let h: ProbeHarness;
    before(async () => { h = await startProbeHarness(); });
    after(async () => { await h.close(); });

    it("read-only: sends no mutating request, reports all 23 rows per array, none contradicted", async () => {
      const r = await h.probe({ name: "ro" });
      assert.deepEqual(h.proxies.flatMap((p) => p.mutating), []);
      for (const a of ARRAYS) {
        const rows = r.verdicts[a]!;
        assert.equal(rows.length, 23);
        assert.deepEqual(rows.filter((x) => x.verdict === "contradicted"), []);
        for (const n of [12, 19, 21, 23]) assert.equal(rowOf(rows, n).verdict, "consistent", `row ${n}: ${rowOf(rows, n).evidence}`);
        for (const n of DRILL_ROWS) assert.equal(rowOf(rows, n).verdict, "not-observable");
      }
      const report = fs.readFileSync(r.files.report, "utf8");
      assert.match(report, /row 19 {2}login status +consistent +POST \/session answered 200/);
      assert.match(report, /privileges .*Advanced_Copy_Management/);
      for (const f of Object.values(r.files.dialects)) assert.ok(!("problem" in parseDialectFile(fs.readFileSync(f, "utf8"))), "the provider accepts the dialect file");
      assert.ok(fs.readFileSync(r.files.transcript, "utf8").split("\n").filter(Boolean).length > 10);
    });

    it("drill: every drill row consistent with the default form, nothing left behind, no job record left", async () => {
      const r = await h.probe({ name: "drill", drill: DRILL });
      const rows = r.verdicts["site-a"]!;
      for (const n of DRILL_ROWS) {
        const v = rowOf(rows, n);
        assert.equal(v.verdict, "consistent", `row ${n}: ${v.evidence}`);
      }
      assert.equal(rowOf(rows, 1).form, DEFAULT_DIALECT.forcedDelete);
      assert.equal(rowOf(rows, 15).form, DEFAULT_DIALECT.recCreate);
      for (const n of [4, 5, 6, 10, 11, 18]) assert.equal(rowOf(rows, n).verdict, "consistent", `row ${n}: ${rowOf(rows, n).evidence}`);
      assert.equal(rowOf(r.verdicts["site-b"], 7).verdict, "consistent");
      assert.deepEqual(h.leftovers(), { volumes: [], sessions: [] });
      assert.equal(fs.existsSync(path.join(h.dir, "drill-record.json")), false, "a clean run leaves no record");
      const jobs = h.sim.world.arrays.get("site-a")!.jobs;
      assert.equal(jobs.size, 0, "every job record of the drill was deleted");
    });

    it("read-only with sessions on the array: phases, statuses and remote naming read consistent", async () => {
      // A drill killed after its sessions reached Equivalent leaves a mirror to look at (removed below).
      await assert.rejects(h.probe({ name: "kill", drill: DRILL, hooks: { beforeStep: (s) => { if (s === "suspend") throw new Error("kill -9"); } } }));
      const before = h.proxies.flatMap((p) => p.mutating).length;
      const r = await h.probe({ name: "ro2" });
      assert.equal(h.proxies.flatMap((p) => p.mutating).length, before, "read-only");
      for (const n of [4, 5, 11]) assert.equal(rowOf(r.verdicts["site-a"], n).verdict, "consistent", `row ${n}: ${rowOf(r.verdicts["site-a"], n).evidence}`);
      await h.probe({ name: "clean", cleanupOnly: true });
      assert.deepEqual(h.leftovers(), { volumes: [], sessions: [] });
    });

    it("no password and no token in the report, the dialect files or the transcripts", () => {
      assertNoSecrets(h.dir, [PASSWORD, ...h.proxies.flatMap((p) => p.tokens)]);
    });

    it("refuses the drill without a pool on each array", async () => {
      await assert.rejects(h.probe({ name: "refused", drill: { pools: { "site-a": 0 }, sizeMb: 1024 } }), (e: Error & { code?: string }) =>
        e.code === "ERR_INVALID_INPUT" && /--pool site-b=<pool id>/.test(e.message));
      assert.deepEqual(h.leftovers(), { volumes: [], sessions: [] });
    });
  });

  for (const spokenBy of ["proxy", "simulator"] as const) describe(`an array speaking another dialect (spoken by the ${spokenBy})`, () => {
    const altered: Dialect = {
      ...DEFAULT_DIALECT, forcedSuspend: "query:forced", forcedDelete: "body:force", multiSuspend: "body:copysession_href_list",
      jobDelete: "query:job_id", recCreate: "documented-only",
    };
    let h: ProbeHarness;
    before(async () => { h = await startProbeHarness(altered, spokenBy); });
    after(async () => { await h.close(); });

    it("read-only: nothing contradicted (the altered rows need writing), no mutating request", async () => {
      const r = await h.probe({ name: "ro" });
      assert.deepEqual(h.proxies.flatMap((p) => p.mutating), []);
      assert.deepEqual(r.verdicts["site-a"]!.filter((x) => x.verdict === "contradicted"), []);
    });

    it("drill: the altered rows are contradicted with the accepted form, the others consistent; the dialect file pins them", async () => {
      const r = await h.probe({ name: "drill", drill: DRILL });
      const rows = r.verdicts["site-a"]!;
      const expected: Record<number, string> = { 1: altered.forcedDelete, 2: altered.forcedSuspend, 3: altered.multiSuspend, 7: altered.jobDelete, 15: altered.recCreate };
      for (const [n, form] of Object.entries(expected)) {
        const v = rowOf(rows, Number(n));
        assert.equal(v.verdict, "contradicted", `row ${n}: ${v.evidence}`);
        assert.equal(v.form, form);
        assert.match(v.evidence, /refused: .*400/);
      }
      for (const n of [4, 5, 6, 10, 11, 17, 18, 19, 21, 23]) assert.notEqual(rowOf(rows, n).verdict, "contradicted", `row ${n}: ${rowOf(rows, n).evidence}`);
      const parsed = parseDialectFile(fs.readFileSync(r.files.dialects["site-a"]!, "utf8"));
      assert.ok(!("problem" in parsed));
      assert.deepEqual(parsed.dialect, altered, "the provider reads back the forms the array accepted");
      assert.deepEqual(h.leftovers(), { volumes: [], sessions: [] });
      assertNoSecrets(h.dir, [PASSWORD, ...h.proxies.flatMap((p) => p.tokens)]);
    });
  });
});
