/**
 * Test layer 4: the real dynamic-provider plugin of @pulumi/pulumi, as a child process driven over gRPC
 * (Configure, Check, Diff, Create, Read, Update, Delete) against the simulator. What this proves beyond the
 * direct method tests: the serialized shells load with require-from-string in another process, resolve
 * pulumi-eternus-rec from the project directory, read stack config handed over by Configure (secret-wrapped
 * too), survive the Struct round trip (no undefined, Date, BigInt), and report errors as gRPC errors.
 */
import * as assert from "assert";
import { REPO_ROOT } from "../../e2e/helpers/cli";
import { freshDir } from "../../e2e/helpers/project";
import { startE2eSimulator, E2eSim } from "../../e2e/helpers/sim";
import { remoteVolumeProvider, recSyncSessionProvider, PROVIDER_VERSION } from "../../../provider";
import {
  PluginProcess, serializeProvider, urn, UNKNOWN, SECRET_SIG, SECRET_VALUE, GrpcError, Props,
} from "./grpc-harness";

const PASSWORD = "plugin-S3cret-pw-7f3a";

describe("dynamic-provider plugin over gRPC (layer 4)", function () {
  this.timeout(120_000);

  let sim: E2eSim;
  let plugin: PluginProcess;
  let rvText: string;
  let rsText: string;
  let arraysJson: string;

  before(async function () {
    sim = await startE2eSimulator(freshDir("plugin"), { password: PASSWORD });
    const rv = await serializeProvider(remoteVolumeProvider);
    const rs = await serializeProvider(recSyncSessionProvider);
    assert.strictEqual(rv.containsSecrets, false);
    assert.strictEqual(rs.containsSecrets, false);
    rvText = rv.text;
    rsText = rs.text;
    const arrays: Record<string, Props> = {};
    for (const a of sim.arrays) arrays[a.name] = { endpoint: a.url, username: "root", password: PASSWORD, caCertFile: a.caCertFile };
    arraysJson = JSON.stringify(arrays);
    plugin = await PluginProcess.start(REPO_ROOT);
  });

  after(async function () {
    await plugin?.stop();
    await sim?.close();
  });

  const volUrn = urn("RemoteVolume", "mirror");
  const sesUrn = urn("RecSyncSession", "rec");
  let volId = "";
  let volOuts: Props = {};
  let sesId = "";
  let sesOuts: Props = {};
  let sesInputs: Props = {};

  const volumeNews = (): Props => ({
    __provider: rvText,
    array: "site-b",
    name: "plugin_mirror01",
    sizeFrom: { array: "site-a", volumeId: 100000 },
    tppId: 0,
    providerVersion: PROVIDER_VERSION,
    resourceName: "mirror",
  });
  const sessionNews = (destinationVolumeId: unknown, extra: Props = {}): Props => ({
    __provider: rsText,
    sourceArray: "site-a",
    sourceVolumeId: 100000,
    destinationArray: "site-b",
    destinationVolumeId,
    providerVersion: PROVIDER_VERSION,
    resourceName: "rec",
    ...extra,
  });

  it("serialized shells are small, carry no credentials and require the package by name", function () {
    for (const text of [rvText, rsText]) {
      assert.ok(text.length < 8 * 1024, `provider text is ${text.length} bytes`);
      assert.ok(!text.includes(PASSWORD));
      assert.match(text, /require\("pulumi-eternus-rec\/provider-entry"\)/);
    }
  });

  it("Configure takes eternus:arrays as one (secret-wrapped) JSON string and answers acceptSecrets=false", async function () {
    const r = await plugin.configure({ "eternus:arrays": { [SECRET_SIG]: SECRET_VALUE, value: arraysJson } });
    assert.strictEqual(r.acceptSecrets, false);
  });

  it("Check fills defaults, keeps __provider, accepts preview unknowns and names bad inputs", async function () {
    const ok = await plugin.check(volUrn, {}, volumeNews());
    assert.deepStrictEqual(ok.failures, []);
    assert.strictEqual(ok.inputs.__provider, rvText);

    const unknownDest = await plugin.check(sesUrn, {}, sessionNews(UNKNOWN));
    assert.deepStrictEqual(unknownDest.failures, []);
    assert.strictEqual(unknownDest.inputs.transferMode, "Synchronous");
    assert.strictEqual(unknownDest.inputs.direction, "Forward");

    const unknownSize = await plugin.check(volUrn, {}, { ...volumeNews(), sizeFrom: UNKNOWN });
    assert.deepStrictEqual(unknownSize.failures, []);

    const bad = await plugin.check(volUrn, {}, { ...volumeNews(), array: "nowhere" });
    assert.ok(bad.failures.some((f) => f.property === "array" && /nowhere/.test(f.reason)), JSON.stringify(bad.failures));
    const badMode = await plugin.check(sesUrn, {}, sessionNews(100000, { transferMode: "Through" }));
    assert.ok(badMode.failures.some((f) => f.property === "transferMode"), JSON.stringify(badMode.failures));
  });

  it("Create makes the mirror volume (sized from the business volume) on the remote array", async function () {
    const checked = await plugin.check(volUrn, {}, volumeNews());
    const r = await plugin.create(volUrn, checked.inputs);
    volId = r.id;
    volOuts = r.properties;
    assert.ok(volId, "an id");
    assert.strictEqual(volOuts.__provider, rvText, "the host re-adds __provider to the outputs");
    assert.strictEqual(volOuts.capacityMb, 10240);
    const onArray = await sim.api("site-b").volumeByName("plugin_mirror01");
    assert.ok(onArray, "volume exists on site-b");
    assert.strictEqual(onArray!.volume_id, volOuts.volumeId);
    assert.strictEqual(onArray!.capacity, 10240);
  });

  it("Create makes the REC session and returns once it is Active/Equivalent", async function () {
    assert.ok(volId, "needs the volume of the Create test above");
    const checked = await plugin.check(sesUrn, {}, sessionNews(volOuts.volumeId));
    assert.deepStrictEqual(checked.failures, []);
    sesInputs = checked.inputs;
    const r = await plugin.create(sesUrn, sesInputs);
    sesId = r.id;
    sesOuts = r.properties;
    assert.ok(sesId);
    assert.strictEqual(sesOuts.status, "Active");
    assert.strictEqual(sesOuts.phase, "Equivalent");
    assert.strictEqual(sesOuts.transferMode, "Synchronous");
    const sessions = await sim.api("site-a").sessions();
    assert.strictEqual(sessions.length, 1);
    assert.strictEqual(sessions[0].copysession_id, sesOuts.copySessionId);
  });

  it("Diff: no change = none; transferMode = in-place update; another source volume = replacement", async function () {
    assert.ok(sesId && volId, "needs the volume and session of the Create tests above");
    const same = await plugin.diff(sesUrn, sesId, sesOuts, sesInputs);
    assert.strictEqual(same.changes, "none");
    const modeNews = (await plugin.check(sesUrn, sesInputs, { ...sesInputs, transferMode: "Consistency", splitMode: undefined })).inputs;
    const mode = await plugin.diff(sesUrn, sesId, sesOuts, modeNews);
    assert.strictEqual(mode.changes, "some");
    assert.deepStrictEqual(mode.replaces, []);
    const other = await plugin.diff(sesUrn, sesId, sesOuts, { ...sesInputs, sourceVolumeId: 100001 });
    assert.strictEqual(other.changes, "some");
    assert.ok(other.replaces.includes("sourceVolumeId"), JSON.stringify(other.replaces));
    const unknown = await plugin.diff(sesUrn, sesId, sesOuts, { ...sesInputs, destinationVolumeId: UNKNOWN });
    assert.strictEqual(unknown.changes, "some");
  });

  it("Update switches the transfer mode in place (suspend -> PATCH -> resume)", async function () {
    assert.ok(sesId && volId, "needs the volume and session of the Create tests above");
    const news = (await plugin.check(sesUrn, sesInputs, { ...sesInputs, transferMode: "Consistency", splitMode: undefined })).inputs;
    const r = await plugin.update(sesUrn, sesId, sesOuts, news);
    assert.strictEqual(r.properties.transferMode, "Consistency");
    assert.strictEqual(r.properties.status, "Active");
    assert.strictEqual(r.properties.__provider, rsText);
    const s = (await sim.api("site-a").sessions())[0];
    assert.strictEqual(s.transfer_mode, "Consistency");
    assert.strictEqual(s.status, "Active");
    sesOuts = r.properties;
    sesInputs = news;
  });

  it("Read sees an out-of-band suspend; Update brings the session back to Synchronous, split Automatic", async function () {
    assert.ok(sesId && volId, "needs the volume and session of the Create tests above");
    const a = sim.api("site-a");
    const job = await a.job("POST", `/copysession/${sesOuts.copySessionId}/suspend`, { is_forced: true });
    assert.strictEqual(job.status, "Success", JSON.stringify(job));
    const read = await plugin.read(sesUrn, sesId, sesOuts, sesInputs);
    assert.strictEqual(read.id, sesId);
    assert.strictEqual(read.properties.status, "Suspend");
    assert.strictEqual(read.properties.__provider, rsText);
    assert.ok(read.inputs, "read returns inputs (3.216+) so later diffs compare against what is on the array");

    const news = (await plugin.check(sesUrn, sesInputs, { ...sesInputs, transferMode: "Synchronous", splitMode: "Automatic" })).inputs;
    const d = await plugin.diff(sesUrn, sesId, read.properties, news);
    assert.strictEqual(d.changes, "some");
    assert.deepStrictEqual(d.replaces, []);
    const r = await plugin.update(sesUrn, sesId, read.properties, news);
    assert.strictEqual(r.properties.status, "Active");
    assert.strictEqual(r.properties.phase, "Equivalent");
    assert.strictEqual(r.properties.transferMode, "Synchronous");
    assert.strictEqual(r.properties.splitMode, "Automatic");
    const s = (await a.sessions())[0];
    assert.strictEqual(s.split_mode, "Automatic", "split mode re-sent after the return to Synchronous");
    sesOuts = r.properties;
    sesInputs = news;
  });

  it("Read without __provider fails (why import is unsupported: docs/dynamic-provider-rules.md#rule-12-adopt-instead-of-import)", async function () {
    const { __provider: _omit, ...noProvider } = sesOuts;
    await assert.rejects(plugin.read(sesUrn, sesId, noProvider), (e: GrpcError) => {
      assert.ok(e.code !== 0);
      return true;
    });
  });

  it("a wrong password fails Create with gRPC UNKNOWN naming the array, never echoing the password", async function () {
    const other = await PluginProcess.start(REPO_ROOT);
    try {
      const wrong = "wrong-pw-91c2";
      const arrays: Record<string, Props> = {};
      for (const a of sim.arrays) arrays[a.name] = { endpoint: a.url, username: "root", password: wrong, caCertFile: a.caCertFile };
      await other.configure({ "eternus:arrays": JSON.stringify(arrays) });
      const checked = await other.check(volUrn, {}, { ...volumeNews(), name: "plugin_never" });
      await assert.rejects(other.create(volUrn, checked.inputs), (e: GrpcError) => {
        assert.strictEqual(e.code, 2, `gRPC code ${e.code}: ${e.details}`);
        assert.match(e.details, /site-b|site-a/);
        assert.ok(!e.details.includes(wrong), "password echoed in the error");
        return true;
      });
      assert.strictEqual(await sim.api("site-b").volumeByName("plugin_never"), undefined);
    } finally {
      await other.stop();
    }
  });

  it("Delete removes the session, then the volume; Read of a deleted volume reports it gone", async function () {
    assert.ok(sesId && volId, "needs the volume and session of the Create tests above");
    await plugin.delete(sesUrn, sesId, sesOuts);
    assert.deepStrictEqual(await sim.api("site-a").sessions(), []);
    assert.deepStrictEqual(await sim.api("site-b").sessions(), []);
    await plugin.delete(volUrn, volId, volOuts);
    assert.strictEqual(await sim.api("site-b").volumeByName("plugin_mirror01"), undefined);
    const gone = await plugin.read(volUrn, volId, volOuts);
    assert.strictEqual(gone.id, "");
    // Deleting again is a success ("already gone").
    await plugin.delete(volUrn, volId, volOuts);
  });

  it("no line the plugin wrote to stderr holds the password", function () {
    assert.ok(!plugin.stderr().includes(PASSWORD));
  });
});
