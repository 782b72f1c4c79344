/**
 * What ends a session operation of the plugin early, over a real gRPC channel against the simulator on the
 * manual clock: the engine's Cancel (the running Create ends at once with the cancellation, not a timeout,
 * and records the session; later calls are refused; another provider object is unaffected), and the
 * engine's timeout on Update (the resumed session's copy wait ends there, the partial state recorded).
 */
import * as assert from "assert";
import { BUSINESS_VOLUME_ID, SOURCE, startHarness, type Harness } from "../resources/sim-harness";
import { emptyproto, initFailure, provproto, startPlugin, struct, type PluginClient } from "./grpc-client";
import { engineCalls, SESSION, VOLUME } from "./engine-calls";

/** Polls every 10 s of manual clock: few requests, so little wall time, for copies of hours. */
const POLL = { firstIntervalMs: 10_000, maxIntervalMs: 10_000 };

const failureOf = (p: Promise<unknown>) => p.then(() => assert.fail("the call must fail"), (e: { details?: string; message: string }) => e);
const sessionIds = async (h: Harness) => ((await h.api(SOURCE, "GET", "/copysession")).copysession_list as { copysession_id: number }[]).map((s) => s.copysession_id);

describe("provider/plugin/server: Cancel and the engine's timeouts", function () {
  this.timeout(60_000);
  let h: Harness;
  let plugin: PluginClient;
  let calls: ReturnType<typeof engineCalls>;

  beforeEach(async () => {
    h = await startHarness({ copyRateMbps: 1 });
    plugin = await startPlugin(await h.configure({ configure: async () => undefined }));
    calls = engineCalls(h, plugin);
    await calls.configure();
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed") console.error(h.logs.slice(-30).join("\n"));
    await plugin.close();
    await h.close();
  });

  it("Cancel ends a create waiting for the initial copy at once with the cancellation (not a timeout), recording the session", async () => {
    const v = await calls.createVolume();
    const inputs = await calls.sessionInputs(v.id);
    h.setPolicy(POLL);
    // 10240 MB at 1 MB/s: the initial copy takes ~3 hours of manual clock; the engine cancels after one minute.
    let cancelledAt: number | undefined;
    h.rt.at(h.rt.now() + 60_000, async () => {
      cancelledAt = h.rt.now();
      await plugin.call("cancel", new emptyproto.Empty());
    });
    const err = await failureOf(plugin.call("create", new provproto.CreateRequest().setUrn(SESSION).setProperties(struct(inputs))));
    assert.ok(cancelledAt !== undefined, "the create was still waiting when the engine cancelled");
    assert.match(String(err.details), /cancelled by the engine \(Ctrl-C or termination\) while waiting for Equivalent/);
    assert.doesNotMatch(String(err.details), /timed out/);
    assert.ok(h.rt.now() - cancelledAt < POLL.firstIntervalMs, `no further poll after the cancel (${h.rt.now() - cancelledAt} ms of manual clock)`);
    const partial = initFailure(err);
    assert.ok(partial, "ErrorResourceInitFailed carries the session");
    assert.match(partial.id, new RegExp(`^${SOURCE}/\\d+$`));
    assert.strictEqual(partial.properties.phase, "Copying", "the session as read back after the cancel");
    assert.strictEqual(partial.properties.timeoutSeconds, 3600);
    assert.deepStrictEqual(await sessionIds(h), [partial.properties.copySessionId], "one session, the recorded one");
  });

  it("after Cancel, a new operation is refused at once and sends nothing to the arrays", async () => {
    await plugin.call("cancel", new emptyproto.Empty());
    const before = h.requests.length;
    const inputs = { array: "site-b", name: "mirror02", capacityMb: 10240, tppId: 0, adopt: false };
    const err = await failureOf(plugin.call("create", new provproto.CreateRequest().setUrn(VOLUME).setProperties(struct(inputs))));
    assert.match(String(err.details), /cancelled by the engine \(Ctrl-C or termination\): RemoteVolume .* was not started, nothing was sent to the arrays/);
    assert.strictEqual(initFailure(err), undefined, "nothing to record");
    assert.deepStrictEqual(h.requests.slice(before), []);
  });

  it("a provider object that was not cancelled still works: it finishes the cancelled create's session (no second one)", async () => {
    const v = await calls.createVolume();
    const inputs = await calls.sessionInputs(v.id);
    h.setPolicy(POLL);
    h.rt.at(h.rt.now() + 60_000, () => plugin.call("cancel", new emptyproto.Empty()));
    const partial = initFailure(await failureOf(plugin.call("create", new provproto.CreateRequest().setUrn(SESSION).setProperties(struct(inputs)))));
    assert.ok(partial);
    // The next `pulumi up` starts a new plugin process: a fresh provider object. It updates the recorded session.
    const fresh = await startPlugin(await h.configure({ configure: async () => undefined }));
    try {
      await engineCalls(h, fresh).configure();
      await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
      const r = await fresh.call("update", new provproto.UpdateRequest().setId(partial.id).setUrn(SESSION).setOlds(struct(partial.properties)).setNews(struct(inputs)));
      const outs = r.getProperties().toJavaScript() as Record<string, unknown>;
      assert.strictEqual(outs.phase, "Equivalent");
      assert.strictEqual(outs.copySessionId, partial.properties.copySessionId);
      assert.deepStrictEqual(await sessionIds(h), [partial.properties.copySessionId]);
    } finally {
      await fresh.close();
    }
  });

  /** A suspended session, then 600 MB written while suspended: the resume's copy at 1 MB/s takes ~10 minutes. */
  async function suspendedAfterWrites() {
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
    const v = await calls.createVolume();
    const created = await plugin.call("create", new provproto.CreateRequest().setUrn(SESSION).setProperties(struct(await calls.sessionInputs(v.id, { suspended: true }))));
    const olds = created.getProperties().toJavaScript() as Record<string, unknown>;
    assert.strictEqual(olds.suspended, true);
    await h.admin(SOURCE, "POST", "/writes", { volume_id: BUSINESS_VOLUME_ID, mb: 600 });
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 1 });
    h.setPolicy(POLL);
    const resume = new provproto.UpdateRequest().setId(created.getId()).setUrn(SESSION).setOlds(struct(olds)).setNews(struct(await calls.sessionInputs(v.id, { suspended: false })));
    return { id: created.getId() as string, resume };
  }

  /** The update's partial state: the session resumed and copying, the declared bound kept. */
  function assertResumedRecorded(err: unknown, id: string): void {
    const partial = initFailure(err);
    assert.ok(partial, "ErrorResourceInitFailed carries the session as the update left it");
    assert.strictEqual(partial.id, id);
    assert.deepStrictEqual([partial.properties.status, partial.properties.phase, partial.properties.suspended], ["Active", "Copying", false], "resumed, copying");
    assert.strictEqual(partial.properties.timeoutSeconds, 3600, "state keeps the declared bound");
  }

  it("bounds an update's copy wait by the engine's timeout: a resume after writes fails there with the resumed session recorded", async () => {
    const { id, resume } = await suspendedAfterWrites();
    const started = h.rt.now();
    const err = await failureOf(plugin.call("update", resume.setTimeout(120)));
    assert.match(String(err.details), /timed out after \d+ ms waiting for Equivalent/);
    const elapsed = (h.rt.now() - started) / 1000;
    assert.ok(elapsed >= 120 && elapsed < 600, `failed after ${elapsed} s of manual clock: at the engine's 120 s, not at the copy's end or the declared 3600 s`);
    assertResumedRecorded(err, id);
  });

  it("Cancel ends an update waiting for the resume's copy at once, recording the resumed session as a timeout does", async () => {
    const { id, resume } = await suspendedAfterWrites();
    h.rt.at(h.rt.now() + 60_000, () => plugin.call("cancel", new emptyproto.Empty()));
    const err = await failureOf(plugin.call("update", resume));
    assert.match(String(err.details), /cancelled by the engine \(Ctrl-C or termination\) while waiting for Equivalent/);
    assertResumedRecorded(err, id);
  });
});
