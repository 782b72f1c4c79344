/**
 * provider/resources/rec-sync-session/shared-reads.ts: N sessions waiting on one array share one list
 * request per tick (on the manual clock), reads are never older than the ask, and a wait keeps its times.
 */
import { strict as assert } from "assert";
import type { CopySession, EternusClient } from "../../../../provider/client/types";
import { DEFAULT_WAIT_POLICY } from "../../../../provider/resources/common/provider-runtime";
import { waitFor } from "../../../../provider/client/wait";
import { deadline, resourceWait } from "../../../../provider/resources/common/waits";
import { EARLY_WAKE_FRACTION, sharedReads } from "../../../../provider/resources/rec-sync-session/shared-reads";
import { ManualRuntime } from "../../../helpers/manual-runtime";

/** A client whose only call is the list; sessions copy until `doneAt` (manual clock). */
function listingClient(rt: ManualRuntime, doneAt: (id: number) => number) {
  const calls: { at: number; ids: number[] }[] = [];
  const client = {
    arrayName: "site-a",
    async listCopySessions(ids: readonly number[]): Promise<CopySession[]> {
      calls.push({ at: rt.now(), ids: [...ids] });
      return ids.filter((id) => id !== 404).map((id) => ({
        copysession_id: id, status: "Active", phase: rt.now() >= doneAt(id) ? "Equivalent" : "Copying",
      } as CopySession));
    },
  } as unknown as EternusClient;
  return { client, calls };
}

describe("rec-sync-session/shared-reads", () => {
  it("50 sessions waiting on one array: about one list request per tick, not one GET per session", async () => {
    const rt = new ManualRuntime();
    const start = rt.now();
    const copyMs = 180_000; // a 3-minute copy
    const { client, calls } = listingClient(rt, (id) => start + copyMs + id * 100);
    const shared = sharedReads(client, rt);
    const ids = Array.from({ length: 50 }, (_, i) => i);
    const policy = { ...DEFAULT_WAIT_POLICY }; // 200 ms growing 1.5x to 2 s, progress every 30 s
    const progress: number[] = [];
    const waits = ids.map((id) => waitFor(
      (signal) => shared.read(id, signal),
      (s) => s?.phase === "Equivalent",
      resourceWait(rt, policy, { deadline: deadline(rt, 3_600), what: "Equivalent", sleep: shared.sleep.bind(shared), onProgress: () => progress.push(id) }),
    ));
    const done = await Promise.all(waits);
    assert.ok(done.every((s) => s?.phase === "Equivalent"));
    const reads = calls.reduce((n, c) => n + c.ids.length, 0);
    const ticks = new Set(calls.map((c) => c.at)).size;
    if (process.env.SHOW_COUNTS) console.log(`list requests ${calls.length}, reads ${reads}, progress lines ${progress.length}`);
    assert.equal(calls.length, ticks, "one list request per tick");
    // Alone, each session reads ~95 times in 3 min at the 2 s cap: 50 waiters would be ~4,750 GETs.
    assert.ok(calls.length <= 110, `${calls.length} list requests for 50 waiters over 3 min`);
    assert.ok(reads >= 50 * 80, `every waiter still reads on its own beat (${reads} reads)`);
    assert.ok(progress.length >= 50 * 5, "progress lines at least every 30 s for each waiter");
    assert.ok(rt.now() - start < copyMs + 50 * 100 + 2_500, "the last session is seen Equivalent within one poll cap of its end");
  });

  it("a sleep ends no later than asked, and no earlier than its early-wake fraction", async () => {
    const rt = new ManualRuntime();
    const { client } = listingClient(rt, () => 0);
    const shared = sharedReads(client, rt);
    const woke: Record<string, number> = {};
    const t0 = rt.now();
    await Promise.all([
      shared.sleep(1_000).then(() => { woke.a = rt.now() - t0; }),
      shared.sleep(1_800).then(() => { woke.b = rt.now() - t0; }),
      shared.sleep(4_000).then(() => { woke.c = rt.now() - t0; }),
    ]);
    assert.equal(woke.a, 1_000);
    assert.equal(woke.b, 1_000, "1 s is inside b's window [900, 1800]: b wakes with a");
    assert.equal(woke.c, 4_000, "1 s is before c's window opens (2 s): c keeps its own time");
    assert.equal(EARLY_WAKE_FRACTION, 0.5);
  });

  it("reads asked together go out as one request; a read asked after a request was sent waits for the next one", async () => {
    const rt = new ManualRuntime();
    const { client, calls } = listingClient(rt, () => 0);
    const shared = sharedReads(client, rt);
    const [a, b, gone] = await Promise.all([shared.read(1), shared.read(2), shared.read(404)]);
    assert.equal(a?.copysession_id, 1);
    assert.equal(b?.copysession_id, 2);
    assert.equal(gone, undefined, "not listed: gone (the caller says so)");
    assert.deepEqual(calls.map((c) => c.ids), [[1, 2, 404]]);
    await shared.read(1);
    assert.equal(calls.length, 2, "a later read is never answered from an earlier request");
  });

  it("an aborted read rejects without holding the others", async () => {
    const rt = new ManualRuntime();
    const { client, calls } = listingClient(rt, () => 0);
    const shared = sharedReads(client, rt);
    const ctl = new AbortController();
    const aborted = shared.read(1, ctl.signal);
    ctl.abort();
    const other = shared.read(2);
    await assert.rejects(aborted, (e: Error & { code?: string }) => e.code === "ERR_ABORTED" || /abort/i.test(e.message));
    assert.equal((await other)?.copysession_id, 2);
    assert.deepEqual(calls.map((c) => c.ids), [[2]]);
  });

  it("one waiter's deadline during a shared request fails only that waiter; the request goes on for the others", async () => {
    const rt = new ManualRuntime();
    let release!: () => void;
    let requestSignal: AbortSignal | undefined;
    const client = {
      async listCopySessions(ids: readonly number[], o?: { signal?: AbortSignal }): Promise<CopySession[]> {
        requestSignal = o?.signal;
        await new Promise<void>((resolve) => { release = resolve; });
        return ids.map((id) => ({ copysession_id: id } as CopySession));
      },
    } as unknown as EternusClient;
    const shared = sharedReads(client, rt);
    const a = new AbortController();
    const b = new AbortController();
    const readA = shared.read(1, a.signal);
    const readB = shared.read(2, b.signal);
    await new Promise((resolve) => setImmediate(resolve)); // the request is out
    a.abort(new Error("A's deadline"));
    await assert.rejects(readA);
    assert.equal(requestSignal?.aborted, false, "B still waits: the request is not aborted");
    release();
    assert.equal((await readB)?.copysession_id, 2);
  });
});
