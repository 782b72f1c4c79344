/**
 * Arrays that did not answer are remembered per client on the runtime clock (manual here): a read that can
 * do without the array skips it at once while it is marked; only a silence of the whole probe marks; any
 * answer (an HTTP error included) clears the mark.
 */
import { strict as assert } from "assert";
import { EternusApiError } from "../../../../provider/client/errors";
import type { EternusClient } from "../../../../provider/client/types";
import type { Operation } from "../../../../provider/resources/common/operation";
import { DEFAULT_WAIT_POLICY } from "../../../../provider/resources/common/provider-runtime";
import { askArray, isUnreachable, probeArray, UNANSWERED_MEMORY_MS } from "../../../../provider/resources/common/unanswered-arrays";
import { deadline, probe } from "../../../../provider/resources/common/waits";
import { ManualRuntime } from "../../../helpers/manual-runtime";

const PROBE_MS = 3_000;

/** An Operation on the manual clock with one client object per array (what the memory is kept with). */
function fakeOperation(rt: ManualRuntime): Operation {
  const policy = { ...DEFAULT_WAIT_POLICY, reachabilityProbeMs: PROBE_MS };
  const clients = new Map<string, EternusClient>();
  const log = { info: (m: string) => rt.log(`INFO ${m}`), warn: (m: string) => rt.log(`WARN ${m}`) };
  return {
    provider: {}, rt, policy, intentDir: "", log: log as unknown as Operation["log"],
    client: (name) => {
      if (!clients.has(name)) clients.set(name, { arrayName: name } as EternusClient);
      return clients.get(name)!;
    },
    deadline: (seconds, parent) => deadline(rt, seconds, parent),
    probe: (d) => probe(rt, policy, d),
    waitFor: () => { throw new Error("not used"); },
    withDeadline: (_d, _w, fn) => fn(),
  };
}

/** What the transport throws when a request's signal ends it (status 0, no answer). */
function aborted(): EternusApiError {
  return new EternusApiError({ arrayName: "tokyo", method: "GET", path: "/api/v1/volume/1", status: 0, code: "ERR_ABORTED", arrayMessage: "request aborted", transport: { kind: "aborted", maybeSent: true } });
}

function httpError(status: number): EternusApiError {
  return new EternusApiError({ arrayName: "tokyo", method: "GET", path: "/api/v1/volume/1", status });
}

describe("unanswered arrays (common/unanswered-arrays.ts)", () => {
  let rt: ManualRuntime;
  let op: Operation;
  let asked: number;
  beforeEach(() => {
    rt = new ManualRuntime();
    op = fakeOperation(rt);
    asked = 0;
  });

  /** A read bounded by the probe of a 30 s deadline. */
  const bound = () => op.probe(op.deadline(30));
  /** A black-holed array: the call ends only by its signal. */
  const silent = (signal: AbortSignal) => {
    asked++;
    return new Promise<number>((_, reject) => signal.addEventListener("abort", () => reject(aborted()), { once: true }));
  };
  const answering = async () => {
    asked++;
    return 42;
  };
  /** Run a call against the silent array: the clock passes the probe while it waits. */
  async function runsOutTheProbe(call: Promise<unknown>): Promise<EternusApiError> {
    await new Promise((resolve) => setImmediate(resolve));
    rt.advance(PROBE_MS);
    return call.then(() => assert.fail("the silent array answered"), (e: EternusApiError) => e);
  }
  async function rejection(call: Promise<unknown>): Promise<EternusApiError> {
    return call.then(() => assert.fail("expected a rejection"), (e: EternusApiError) => e);
  }

  it("an array silent for the whole probe is asked once within the window, then again after it", async () => {
    const first = await runsOutTheProbe(askArray(op, "tokyo", bound(), silent));
    assert.equal(first.code, "ERR_ABORTED");
    assert.equal(asked, 1);

    const before = rt.now();
    const skipped = await rejection(askArray(op, "tokyo", bound(), silent));
    assert.equal(skipped.code, "ERR_UNREACHABLE");
    assert.ok(isUnreachable(skipped), "callers treat it as the array being unreachable");
    assert.match(skipped.message, /array "tokyo" is not answering \(no answer within 3 s, remembered for 60 s in this run: .*request aborted\)/);
    assert.equal(asked, 1, "not asked again");
    assert.equal(rt.now(), before, "no wait");
    const again = await rejection(askArray(op, "tokyo", bound(), silent));
    assert.equal(again, skipped, "the same error each time");

    rt.advance(UNANSWERED_MEMORY_MS - PROBE_MS - 1);
    assert.equal((await rejection(askArray(op, "tokyo", bound(), silent))).code, "ERR_UNREACHABLE", "still within the window");
    rt.advance(PROBE_MS + 1);
    assert.equal(await askArray(op, "tokyo", bound(), answering), 42, "asked again after the window");
    assert.equal(asked, 2);
  });

  it("the silence is logged once, as one line; a call that decides still asks and extends the window", async () => {
    await runsOutTheProbe(askArray(op, "tokyo", bound(), silent));
    await runsOutTheProbe(probeArray(op, "tokyo", bound(), silent));
    assert.equal(asked, 2, "probeArray asks even while marked");
    const notes = rt.lines.filter((l) => /did not answer/.test(l));
    assert.deepEqual(notes, [`WARN array "tokyo" did not answer within 3 s; not asked again for 60 s by reads that can do without it (sizes in diff, lookups in check), which skip it as unreachable; failover, updates and deletes still ask it`]);
    rt.advance(UNANSWERED_MEMORY_MS - 1);
    assert.equal((await rejection(askArray(op, "tokyo", bound(), silent))).code, "ERR_UNREACHABLE", "the second silence extended the window");
  });

  it("an array that answers again clears the mark at once", async () => {
    await runsOutTheProbe(askArray(op, "tokyo", bound(), silent));
    assert.equal(await probeArray(op, "tokyo", bound(), answering), 42);
    assert.equal(await askArray(op, "tokyo", bound(), answering), 42, "asked at once, within the window");
    assert.equal(asked, 3);
  });

  it("an HTTP error is an answer: it neither marks the array nor lets a mark stand (401 included)", async () => {
    const slowHttpError = (status: number) => async () => {
      asked++;
      rt.advance(PROBE_MS); // even after the whole probe: an HTTP status came back
      throw httpError(status);
    };
    assert.equal((await rejection(askArray(op, "tokyo", bound(), slowHttpError(503)))).code, "ERR_BUSY");
    assert.equal(await askArray(op, "tokyo", bound(), answering), 42, "not marked by a 503");

    await runsOutTheProbe(askArray(op, "tokyo", bound(), silent));
    assert.equal((await rejection(probeArray(op, "tokyo", bound(), slowHttpError(401)))).code, "ERR_UNAUTHORIZED");
    assert.equal(await askArray(op, "tokyo", bound(), answering), 42, "the 401 cleared the mark");
    assert.deepEqual(rt.lines.filter((l) => /did not answer/.test(l)).length, 1);
  });

  it("a quick connection failure (refused, before the probe ran out) does not mark", async () => {
    const refused = async () => {
      asked++;
      throw new EternusApiError({ arrayName: "tokyo", method: "GET", path: "/api/v1/volume/1", status: 0, code: "ERR_CONNECTION", transport: { kind: "connect", maybeSent: false, causeCode: "ECONNREFUSED" } });
    };
    assert.equal((await rejection(askArray(op, "tokyo", bound(), refused))).code, "ERR_CONNECTION");
    assert.equal(await askArray(op, "tokyo", bound(), answering), 42);
    assert.equal(rt.lines.length, 0);
  });

  it("the mark is per array: another array is asked as usual", async () => {
    await runsOutTheProbe(askArray(op, "tokyo", bound(), silent));
    assert.equal(await askArray(op, "osaka", bound(), answering), 42);
    assert.equal((await rejection(askArray(op, "tokyo", bound(), silent))).code, "ERR_UNREACHABLE");
  });
});
