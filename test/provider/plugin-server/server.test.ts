/**
 * The plugin's gRPC service against the simulator on the manual clock: Configure reaches the resource code
 * (secrets unwrapped), Check/Diff/Create/Read/Update/Delete call the shared implementations, the engine's
 * timeout bounds a session operation and a partial failure comes back as ErrorResourceInitFailed.
 */
import * as assert from "assert";
import { COMPONENT_KINDS, COMPONENT_MODULES } from "../../../provider/resources/component-registry";
import { BUSINESS_VOLUME_ID, DEST, SOURCE, startHarness, type Harness } from "../resources/sim-harness";
import { initFailure, provproto, startPlugin, struct, type PluginClient } from "./grpc-client";
import { engineCalls, SECRET, SESSION, SIG, urn, VOLUME } from "./engine-calls";
import { RESOURCE_KINDS } from "../../../provider/resources/registry";

const GROUP = urn("eternus:index:RecSessionGroup", "app");

describe("provider/plugin/server", function () {
  this.timeout(60_000);
  let h: Harness;
  let plugin: PluginClient;

  let calls: ReturnType<typeof engineCalls>;
  const configure = () => calls.configure();
  const check = (u: string, news: Record<string, unknown>, olds?: Record<string, unknown>) => calls.check(u, news, olds);
  const createVolume = () => calls.createVolume();

  beforeEach(async () => {
    h = await startHarness({ copyRateMbps: 1 });
    const shell = await h.configure({ configure: async () => undefined });
    plugin = await startPlugin(shell);
    calls = engineCalls(h, plugin);
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed") console.error(h.logs.slice(-30).join("\n"));
    await plugin.close();
    await h.close();
  });

  it("answers GetPluginInfo and GetSchema with every registered resource type and component", async () => {
    await configure();
    const schema = JSON.parse((await plugin.call("getSchema", new provproto.GetSchemaRequest())).getSchema());
    const components = COMPONENT_KINDS.map((k) => COMPONENT_MODULES[k].type);
    assert.deepStrictEqual(Object.keys(schema.resources).sort(), [...RESOURCE_KINDS.map((k) => `eternus:index:${k}`), ...components].sort());
    for (const c of components) assert.strictEqual(schema.resources[c].isComponent, true, c);
  });

  it("unwraps a secret resource input before the resource code sees it", async () => {
    await configure();
    const { inputs, failures } = await check(VOLUME, { array: DEST, name: { [SIG]: SECRET, value: "mirror01" }, capacityMb: 1024, tppId: 0 });
    assert.deepStrictEqual(failures, []);
    assert.strictEqual(inputs.name, "mirror01");
  });

  it("refuses to construct a component type it does not have, naming the ones it has", async () => {
    await configure();
    const req = new provproto.ConstructRequest().setType("eternus:index:Nope").setName("x").setMonitorendpoint("127.0.0.1:1");
    await assert.rejects(plugin.call("construct", req), /unknown component type "eternus:index:Nope".*MirroredVolume/);
  });

  it("creates, diffs and deletes a volume through the shared implementation; no bookkeeping inputs reach the engine", async () => {
    await configure();
    const v = await createVolume();
    assert.match(v.id, /^\d+$/);
    assert.strictEqual(v.outs.capacityMb, 10240);
    for (const k of ["resourceName", "resourceUrn", "providerVersion"]) {
      assert.ok(!(k in v.inputs) && !(k in v.outs), `${k} leaked to the engine`);
    }
    const same = await plugin.call("diff", new provproto.DiffRequest().setId(v.id).setUrn(VOLUME).setOlds(struct(v.outs)).setNews(struct(v.inputs)).setOldInputs(struct(v.inputs)));
    assert.strictEqual(same.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_NONE);
    const renamed = (await check(VOLUME, { ...v.inputs, name: "mirror02" }, v.inputs)).inputs;
    const diff = await plugin.call("diff", new provproto.DiffRequest().setId(v.id).setUrn(VOLUME).setOlds(struct(v.outs)).setNews(struct(renamed)).setOldInputs(struct(v.inputs)));
    assert.strictEqual(diff.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_SOME);
    assert.deepStrictEqual(diff.getDiffsList(), ["name"]);
    assert.strictEqual(diff.getDetaileddiffMap().get("name").getKind(), provproto.PropertyDiff.Kind.UPDATE);
    await plugin.call("delete", new provproto.DeleteRequest().setId(v.id).setUrn(VOLUME).setProperties(struct(v.outs)));
    const after = JSON.stringify(await h.api(DEST, "GET", `/volume/${v.id}`).catch((e: Error) => e.message));
    assert.match(after, /-> 404/, "the volume is gone from the array");
  });

  /** Import as the engine does it: Read with the id only, then Check of the read inputs; then a program declaring them diffs clean. */
  async function importAndDiff(u: string, importId: string, declared: Record<string, unknown>) {
    const r = await plugin.call("read", new provproto.ReadRequest().setId(importId).setUrn(u));
    const id = r.getId() as string;
    const outs = r.getProperties().toJavaScript() as Record<string, unknown>;
    const inputs = r.getInputs().toJavaScript() as Record<string, unknown>;
    const imported = await check(u, inputs, inputs);
    assert.deepStrictEqual(imported.failures, []);
    const program = await check(u, declared, imported.inputs);
    assert.deepStrictEqual(program.failures, []);
    const d = await plugin.call("diff", new provproto.DiffRequest().setId(id).setUrn(u).setOlds(struct(outs)).setNews(struct(program.inputs)).setOldInputs(struct(imported.inputs)));
    return { id, outs, inputs, changes: d.getChanges(), diffs: d.getDiffsList() as string[] };
  }

  async function volumeOutsideEngine(name: string): Promise<number> {
    const job = await h.api(DEST, "POST", "/volume", { name, capacity: 10240, tpp_id: 0 });
    return Number(String(job.resource_href_list[0]).split("/").pop());
  }

  it("imports a volume made outside Pulumi by <array>/<volume_id>: the id becomes the volume_id, the program diffs clean", async () => {
    await configure();
    const volumeId = await volumeOutsideEngine("mirror-ext");
    const r = await importAndDiff(VOLUME, `${DEST}/${volumeId}`, { array: DEST, name: "mirror-ext", capacityMb: 10240, tppId: 0 });
    assert.strictEqual(r.id, String(volumeId));
    assert.deepStrictEqual(r.inputs, { array: DEST, name: "mirror-ext", capacityMb: 10240, tppId: 0, adopt: false }, "no bookkeeping in the imported inputs");
    assert.strictEqual(r.outs.volumeId, volumeId);
    assert.strictEqual(r.outs.boxId, h.arrays[DEST].boxId);
    assert.strictEqual(r.changes, provproto.DiffResponse.DiffChanges.DIFF_NONE, `diffs: ${r.diffs.join(", ")}`);
  });

  it("imports a session made outside Pulumi by <sourceArray>/<copysession_id>: destination found by box id, the program diffs clean", async () => {
    await configure();
    const dest = await volumeOutsideEngine("mirror-ext");
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
    const job = await h.api(SOURCE, "POST", "/copysession/rec", {
      source_volume_id: BUSINESS_VOLUME_ID, destination_volume_id: dest,
      source_boxid: h.arrays[SOURCE].boxId, destination_boxid: h.arrays[DEST].boxId, transfer_mode: "Consistency",
    });
    const copySessionId = Number(String(job.resource_href_list[0]).split("/").pop());
    h.rt.advance(60_000); // the initial copy ends
    const declared = { sourceArray: SOURCE, sourceVolumeId: BUSINESS_VOLUME_ID, destinationArray: DEST, destinationVolumeId: dest, transferMode: "Consistency" };
    const r = await importAndDiff(SESSION, `${SOURCE}/${copySessionId}`, declared);
    assert.strictEqual(r.id, `${SOURCE}/${copySessionId}`);
    assert.strictEqual(r.inputs.transferMode, "Consistency", "the observed mode");
    for (const k of ["resourceName", "resourceUrn", "providerVersion"]) assert.ok(!(k in r.inputs), `${k} leaked to the engine`);
    assert.strictEqual(r.outs.destinationBoxId, h.arrays[DEST].boxId);
    assert.strictEqual(r.changes, provproto.DiffResponse.DiffChanges.DIFF_NONE, `diffs: ${r.diffs.join(", ")}`);
  });

  it("imports a group made outside Pulumi by <sourceArray>/<id>,<id>: members by business volume, the program (any order) diffs clean", async () => {
    await configure();
    await h.admin(SOURCE, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
    const job = await h.api(SOURCE, "POST", "/volume", { name: "business-2", capacity: 10240, tpp_id: 0 });
    const business2 = Number(String(job.resource_href_list[0]).split("/").pop());
    const pairs = [[BUSINESS_VOLUME_ID, await volumeOutsideEngine("mirror-g1")], [business2, await volumeOutsideEngine("mirror-g2")]];
    const ids: number[] = [];
    for (const [src, dst] of pairs) {
      const rec = await h.api(SOURCE, "POST", "/copysession/rec", {
        source_volume_id: src, destination_volume_id: dst,
        source_boxid: h.arrays[SOURCE].boxId, destination_boxid: h.arrays[DEST].boxId, transfer_mode: "Consistency",
      });
      ids.push(Number(String(rec.resource_href_list[0]).split("/").pop()));
    }
    h.rt.advance(60_000); // the initial copies end
    const members = pairs.map(([src, dst]) => ({ sourceVolumeId: src, destinationVolumeId: dst })).reverse();
    const r = await importAndDiff(GROUP, `${SOURCE}/${ids.join(",")}`, { sourceArray: SOURCE, destinationArray: DEST, members, transferMode: "Consistency" });
    assert.strictEqual(r.id, `${SOURCE}/${ids.join(",")}`);
    assert.strictEqual(r.inputs.destinationArray, DEST, "found by box id");
    assert.deepStrictEqual((r.outs.sessions as { copySessionId: number }[]).map((x) => x.copySessionId), ids);
    for (const k of ["resourceName", "resourceUrn", "providerVersion"]) assert.ok(!(k in r.inputs), `${k} leaked to the engine`);
    assert.strictEqual(r.changes, provproto.DiffResponse.DiffChanges.DIFF_NONE, `diffs: ${r.diffs.join(", ")}`);
    await assert.rejects(plugin.call("read", new provproto.ReadRequest().setId(`${SOURCE}/${ids[0]},4999`).setUrn(GROUP)), /copy session\(s\) 4999 do not exist on array/);
    await assert.rejects(plugin.call("read", new provproto.ReadRequest().setId(`${SOURCE}/${ids[0]},${ids[0]}`).setUrn(GROUP)), /each id once/);
  });

  it("answers an import of a missing object with no properties (the engine reports it does not exist), and a malformed id with a coded error", async () => {
    await configure();
    const gone = await plugin.call("read", new provproto.ReadRequest().setId(`${DEST}/199999`).setUrn(VOLUME));
    assert.strictEqual(gone.getId(), "");
    assert.strictEqual(gone.getProperties(), undefined);
    await assert.rejects(plugin.call("read", new provproto.ReadRequest().setId("5").setUrn(SESSION)), /RecSyncSession import id "5" is not <array>\/<copysession_id>/);
  });

  it("refuses a type it does not serve", async () => {
    await configure();
    await assert.rejects(check(urn("eternus:index:Nope", "x"), {}), /unknown resource type "eternus:index:Nope"/);
  });

  it("bounds a session create by the engine's timeout and records the partial state with the declared timeoutSeconds", async () => {
    await configure();
    const v = await createVolume();
    const inputs = await calls.sessionInputs(v.id);
    // 10240 MB at 1 MB/s: the initial copy takes ~3 hours of manual clock; the engine allows 120 s.
    // Polls every 10 s of manual clock keep the request count (and the wall time) small.
    h.setPolicy({ firstIntervalMs: 10_000, maxIntervalMs: 10_000 });
    const started = h.rt.now();
    const err = await plugin.call("create", new provproto.CreateRequest().setUrn(SESSION).setProperties(struct(inputs)).setTimeout(120)).then(() => undefined, (e: unknown) => e);
    assert.ok(err, "the create must fail at the engine's deadline");
    const partial = initFailure(err);
    assert.ok(partial, "ErrorResourceInitFailed carries the session");
    assert.match(partial.id, new RegExp(`^${SOURCE}/\\d+$`));
    assert.strictEqual(partial.properties.timeoutSeconds, 3600, "state keeps the declared bound");
    const elapsed = (h.rt.now() - started) / 1000;
    assert.ok(elapsed >= 120 && elapsed < 3600, `failed after ${elapsed} s of manual clock, not at the declared 3600 s`);
  });

  it("bounds a volume create by the engine's timeout below its fixed 600 s; the call's bound never reaches the state; one volume", async () => {
    await configure();
    const { inputs, failures } = await check(VOLUME, { array: DEST, name: "slow01", capacityMb: 1024, tppId: 0 });
    assert.deepStrictEqual(failures, []);
    // The array's jobs take 20 minutes of manual clock; the engine allows 90 s.
    await h.admin(DEST, "PATCH", "/settings", { job_latency_ms: 1_200_000 });
    h.setPolicy({ firstIntervalMs: 10_000, maxIntervalMs: 10_000 });
    const started = h.rt.now();
    const r = await plugin.call("create", new provproto.CreateRequest().setUrn(VOLUME).setProperties(struct(inputs)).setTimeout(90))
      .then((ok: any) => ok.getProperties().toJavaScript() as Record<string, unknown>, (e: unknown) => initFailure(e)?.properties ?? {});
    const elapsed = (h.rt.now() - started) / 1000;
    // At the deadline the create reads back: the array already lists the volume (its job still runs), so it is taken over.
    assert.ok(elapsed >= 90 && elapsed < 600, `the create ended after ${elapsed} s of manual clock, not at the engine's 90 s`);
    assert.ok(!("callTimeoutSeconds" in r), "the call's bound never reaches the state");
    const named = (await h.api(DEST, "GET", "/volume")).volume_list.filter((v: { name: string }) => v.name === "slow01");
    assert.strictEqual(named.length, 1, "one volume");
  });
});
