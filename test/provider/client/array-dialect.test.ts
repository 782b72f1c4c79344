/**
 * provider/client/array-dialect.ts: the client sends in the array's dialect, and when the array refuses our
 * form with a 400 naming the parameter it tries the next documented form ONCE, remembers the winner for that
 * array for the process and logs how to pin it. Never a second try after an answer that may have taken
 * effect. Scripted arrays for the edges, the simulator speaking another dialect for the whole walk.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_DIALECT, DIALECT_TABLE, Dialect, DialectPoint } from "../../../provider/api/dialect";
import { errorFactor, forgetLearnedDialects } from "../../../provider/client/array-dialect";
import { createEternusClient, type EternusRestClient, type ExchangeEvent } from "../../../provider/client/eternus-client";
import { startSimulator, type SimulatorHandle } from "../../../simulator";
import { ManualRuntime } from "../../helpers/manual-runtime";
import { fakeRuntime } from "./helpers/fake-runtime";
import { LOGIN, ScriptedTransport, accepted, job, jobDeleted, loginOk, scriptedClient } from "./helpers/scripted-transport";

const SUSPEND = "POST /api/v1/copysession/3/suspend";
const refusedParam = (factor: string) => ({ status: 400, body: { error_code: "0001", message: `Unknown parameter (${factor})` } });
const posts = (t: ScriptedTransport) => t.log.filter((r) => r.line.startsWith("POST /api/v1/copysession/3/suspend"));

describe("client/array-dialect: the array's dialect and the one-time fallback", () => {
  afterEach(() => forgetLearnedDialects());

  it("which rows may fall back: 1, 2, 3, 7, 15 (same operation in every form); 17 never (one field per PATCH is always sent)", () => {
    const allowed = (Object.keys(DIALECT_TABLE) as DialectPoint[]).filter((p) => DIALECT_TABLE[p].fallback).map((p) => DIALECT_TABLE[p].row);
    assert.deepEqual(allowed, [1, 2, 3, 7, 15]);
    assert.equal(errorFactor("Unknown parameter (is_forced)"), "is_forced");
    assert.equal(errorFactor("Busy"), undefined);
  });

  describe("scripted array", () => {
    it("a 400 naming our forced flag: re-sent once in the next form, remembered, and the pin is logged", async () => {
      const rt = fakeRuntime();
      const t = new ScriptedTransport([
        [LOGIN, loginOk()], [SUSPEND, refusedParam("is_forced")],
        [`${SUSPEND}?forced=true`, accepted(1)], ["GET /api/v1/job/1", job(1, "Success")], ["DELETE /api/v1/job", jobDeleted],
        // The next forced suspend goes straight to the learned form.
        [`${SUSPEND}?forced=true`, accepted(2)], ["GET /api/v1/job/2", job(2, "Success")], ["DELETE /api/v1/job", jobDeleted],
      ]);
      const c = scriptedClient(t, rt);
      await c.suspendCopySession(3, { forced: true });
      await c.suspendCopySession(3, { forced: true });
      assert.deepEqual(t.pending, []);
      assert.deepEqual(t.log[1]!.body, { is_forced: true });
      const pin = rt.lines.filter((l) => /refused row 2's form "body:is_forced" \(is_forced\) and accepted "query:forced"/.test(l));
      assert.equal(pin.length, 1, rt.lines.join("\n"));
      assert.match(pin[0]!, /"2": \{ "form": "query:forced"/);
      assert.match(pin[0]!, /eternus:arrays\.tokyo\.dialectFile \(or ETERNUS_TOKYO_DIALECT_FILE\)/);
      // A new client of the same array (after an idle logout) keeps what this process learned.
      const t2 = new ScriptedTransport([[LOGIN, loginOk()], [`${SUSPEND}?forced=true`, accepted(3)], ["GET /api/v1/job/3", job(3, "Success")], ["DELETE /api/v1/job", jobDeleted]]);
      await scriptedClient(t2, rt).suspendCopySession(3, { forced: true });
      assert.deepEqual(t2.pending, []);
    });

    const once: Array<[string, ConstructorParameters<typeof ScriptedTransport>[0]]> = [
      ["a 5xx", [[LOGIN, loginOk()], [SUSPEND, { status: 500, body: { error_code: "0009", message: "Internal error (is_forced)" } }]]],
      ["a lost response", [[LOGIN, loginOk()], [SUSPEND, { fail: "reset", maybeSent: true }]]],
      ["a 409", [[LOGIN, loginOk()], [SUSPEND, { status: 409, body: { error_code: "0011", message: "Invalid state (is_forced)" } }]]],
      ["a job that ran and failed", [[LOGIN, loginOk()], [SUSPEND, accepted(4)],
        ["GET /api/v1/job/4", job(4, "Error", { failed_resource_info_list: [{ resource_href: "/api/v1/copysession/3", error_code: "0001", message: "Unknown parameter (is_forced)" }] })],
        ["DELETE /api/v1/job", jobDeleted]]],
      ["a 400 of the job poll, not of the request", [[LOGIN, loginOk()], [SUSPEND, accepted(5)], ["GET /api/v1/job/5", refusedParam("is_forced")]]],
      ["a 400 that names no parameter of ours", [[LOGIN, loginOk()], [SUSPEND, refusedParam("copysession_id")]]],
    ];
    for (const [what, script] of once) {
      it(`never a second try after ${what}`, async () => {
        const rt = fakeRuntime();
        const t = new ScriptedTransport(script);
        await assert.rejects(scriptedClient(t, rt, { retry: { maxAttempts: 1 } }).suspendCopySession(3, { forced: true }), (e: Error & { code?: string }) => typeof e.code === "string");
        assert.equal(posts(t).length, 1, t.lines.join(", "));
        assert.ok(!rt.lines.some((l) => /accepted "/.test(l)), rt.lines.join("\n"));
      });
    }

    it("the next form refused too: no third try; the error is the array's and the log says to run the drill", async () => {
      const rt = fakeRuntime();
      const t = new ScriptedTransport([[LOGIN, loginOk()], [SUSPEND, refusedParam("is_forced")], [`${SUSPEND}?forced=true`, refusedParam("forced")]]);
      await assert.rejects(scriptedClient(t, rt).suspendCopySession(3, { forced: true }), (e: Error & { code?: string; status?: number }) => e.code === "ERR_BAD_REQUEST" && e.status === 400);
      assert.equal(posts(t).length, 2);
      assert.ok(rt.lines.some((l) => /refused row 2's forms "body:is_forced" and "query:forced"; run `npx eternus-rec probe --drill`/.test(l)), rt.lines.join("\n"));
    });

    it("a pinned dialect is sent as is (no refused first request)", async () => {
      const t = new ScriptedTransport([[LOGIN, loginOk()], [`${SUSPEND}?is_forced=true`, accepted(1)], ["GET /api/v1/job/1", job(1, "Success")], ["DELETE /api/v1/job", jobDeleted]]);
      const rt = fakeRuntime();
      const c = createEternusClient({ name: "tokyo", endpoint: t.endpoint.origin, username: "admin", password: "pw", dialect: { ...DEFAULT_DIALECT, forcedSuspend: "query:is_forced" } },
        { transport: () => t, sleep: rt.sleep, now: rt.now, random: rt.random, timeout: rt.timeout, log: rt.log });
      await c.suspendCopySession(3, { forced: true });
      assert.deepEqual(t.pending, []);
    });
  });

  describe("the simulator speaking each point's second form", function () {
    this.timeout(60_000);
    const SECOND: Dialect = {
      ...DEFAULT_DIALECT, forcedDelete: "query:forced", forcedSuspend: "query:forced",
      multiSuspend: "body:copysession_href_list", jobDelete: "query:job_id", recCreate: "documented-only",
    };
    const file = JSON.stringify({ format: "eternus-rec-dialect/1", probeVersion: "test", rows: {
      "1": { form: SECOND.forcedDelete, evidence: "" }, "2": { form: SECOND.forcedSuspend, evidence: "" }, "3": { form: SECOND.multiSuspend, evidence: "" },
      "7": { form: SECOND.jobDelete, evidence: "" }, "15": { form: SECOND.recCreate, evidence: "" } } });
    let sim: SimulatorHandle;
    let rt: ManualRuntime;
    before(async () => {
      const dialectFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eternus-dialect-")), "second.json");
      fs.writeFileSync(dialectFile, file);
      rt = new ManualRuntime();
      sim = await startSimulator({ http: true, clock: rt.clock, jobLatencyMs: 10, copyRateMbps: 1_000_000, log: () => undefined, dialect: { "site-a": dialectFile, "site-b": dialectFile } });
    });
    after(async () => { await sim.close(); });

    function client(name: "site-a" | "site-b", events: ExchangeEvent[], dialect?: Dialect): EternusRestClient {
      const info = sim.arrays.find((a) => a.name === name)!;
      return createEternusClient({ name, endpoint: info.url, username: "root", password: "root", allowHttp: true, ...(dialect ? { dialect } : {}) },
        { sleep: rt.sleep, now: rt.now, random: rt.random, timeout: rt.timeout, log: (l) => rt.log(l), onExchange: (e) => events.push(e) });
    }
    const refusals = (events: ExchangeEvent[]) => events.filter((e) => e.status === 400).map((e) => `${e.method} ${e.path.split("?")[0]}`);

    /** Two REC sessions site-a -> site-b, one suspended alone, one in a multi-suspend, both force-deleted. */
    async function walk(a: EternusRestClient, b: EternusRestClient, tag: string): Promise<void> {
      const boxA = (await a.getStorageSystem()).boxid;
      const boxB = (await b.getStorageSystem()).boxid;
      const ids: number[] = [];
      for (const i of [1, 2]) {
        const src = await a.createVolume({ name: `${tag}_s${i}`, capacityMb: 1024, tppId: 0 });
        const dst = await b.createVolume({ name: `${tag}_d${i}`, capacityMb: 1024, tppId: 0 });
        ids.push(await a.createRecSession({ sourceVolumeId: src.volume_id, destinationVolumeId: dst.volume_id, sourceBoxId: boxA, destinationBoxId: boxB, transferMode: "Synchronous", recoveryMode: "Automatic" }));
      }
      await a.suspendCopySession(ids[0]!, { forced: true });
      assert.deepEqual((await a.suspendCopySessions([ids[1]!], { forced: true })).map((r) => r.accepted), [true]);
      for (const id of ids) await a.deleteCopySession(id, { forced: true });
      for (const id of ids) assert.equal(await a.getCopySession(id), undefined);
      assert.deepEqual(await a.flushJobRecords(), []);
      assert.deepEqual(await b.flushJobRecords(), []);
    }

    it("with the defaults: every open point falls back once per array, then the learned forms are used (also by a new client)", async () => {
      const events: ExchangeEvent[] = [];
      const [a, b] = [client("site-a", events), client("site-b", events)];
      try {
        await walk(a, b, "fb1");
      } finally { await a.close(); await b.close(); }
      assert.deepEqual(refusals(events).sort(), [
        "DELETE /api/v1/copysession/0", "DELETE /api/v1/job", "DELETE /api/v1/job", "POST /api/v1/copysession/0/suspend",
        "POST /api/v1/copysession/rec", "POST /api/v1/copysession/suspend",
      ].sort(), "one refused request per point and array, nothing more");
      for (const row of [1, 2, 3, 7, 15]) assert.ok(rt.lines.some((l) => l.includes(`row ${row}'s form`)), `row ${row}: ${rt.lines.join("\n")}`);
      const again: ExchangeEvent[] = [];
      const [a2, b2] = [client("site-a", again), client("site-b", again)];
      try {
        await walk(a2, b2, "fb2");
      } finally { await a2.close(); await b2.close(); }
      assert.deepEqual(refusals(again), []);
    });

    it("with the array's dialect pinned: not one refused request", async () => {
      forgetLearnedDialects();
      const events: ExchangeEvent[] = [];
      const [a, b] = [client("site-a", events, SECOND), client("site-b", events, SECOND)];
      try {
        await walk(a, b, "pin");
      } finally { await a.close(); await b.close(); }
      assert.deepEqual(refusals(events), []);
    });
  });
});
