/**
 * Stored state keeps working across releases (provider/entry.ts): the provider shells that earlier releases
 * wrote into a real stack's state (test/fixtures/state-0.1.0: shell version 0; test/fixtures/state-shell-2:
 * the stored text of shell version 2) are handed, exactly as stored, to the SDK's
 * dynamic-provider plugin process (as the engine does on refresh and destroy), which loads the CURRENT
 * package through them. Against the simulator restored from the same moment, they refresh, update (a
 * transfer-mode switch) and destroy; the arrays are checked through REST afterwards.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSimulator, type SimulatorHandle } from "../../simulator";
import { SimRest } from "../helpers/sim-rest";
import { REPO_ROOT } from "../e2e/helpers/cli";
import { PluginProcess, type Props } from "./plugin/grpc-harness";

const PASSWORD = "fixture-pw";

/** Each fixture folder, and what its stored shells must look like (so the fixture cannot silently change). */
const FIXTURES = [
  { folder: "state-0.1.0", title: "0.1.0 shells (they require the dist paths, not the entry)", shell: /pulumi-eternus-rec\/dist\/provider\/resources\/(rec-sync-session|remote-volume)-impl\.js/, notShell: /provider-entry/ },
  { folder: "state-shell-2", title: "shell version 2 texts (they call the entry's shell(kind, 2))", shell: /require\("pulumi-eternus-rec\/provider-entry"\)[\s\S]*\.shell\("(RecSyncSession|RemoteVolume)",2\)/, notShell: /dist\/provider/ },
];

interface StoredResource { urn: string; type: string; id: string; inputs: Props; outputs: Props }

function storedResources(FIXTURE: string): Record<"RemoteVolume" | "RecSyncSession", StoredResource> {
  const stack = JSON.parse(fs.readFileSync(path.join(FIXTURE, "stack.json"), "utf8")) as { deployment: { resources: StoredResource[] } };
  const find = (kind: string) => {
    const r = stack.deployment.resources.find((x) => x.type === `pulumi-nodejs:dynamic/eternus:${kind}`);
    if (!r) throw new Error(`fixture has no ${kind}`);
    return r;
  };
  return { RemoteVolume: find("RemoteVolume"), RecSyncSession: find("RecSyncSession") };
}

for (const fixture of FIXTURES) describe(`provider entry: state in test/fixtures/${fixture.folder}`, function () {
  this.timeout(120_000);
  const FIXTURE = path.join(REPO_ROOT, "test", "fixtures", fixture.folder);
  let sim: SimulatorHandle;
  let plugin: PluginProcess;
  const stored = storedResources(FIXTURE);
  const session = stored.RecSyncSession;
  const volume = stored.RemoteVolume;

  async function api(array: string, p: string): Promise<any> {
    const rest = new SimRest(sim.arrays.find((x) => x.name === array)!, { user: "root", password: PASSWORD });
    try {
      const r = await rest.withLogin((c) => c.request("GET", p));
      return r.status === 404 ? undefined : r.body;
    } finally {
      await rest.close();
    }
  }

  before(async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entry-compat-"));
    const stateFile = path.join(dir, "world.json");
    fs.copyFileSync(path.join(FIXTURE, "world.json"), stateFile);
    sim = await startSimulator({ http: true, stateFile, user: "root", password: PASSWORD, log: () => undefined });
    const arrays: Record<string, Props> = {};
    for (const a of sim.arrays) arrays[a.name] = { endpoint: a.url, username: "root", password: PASSWORD, allowHttp: true };
    plugin = await PluginProcess.start(REPO_ROOT, "eternus-quickstart");
    await plugin.configure({ "eternus:arrays": JSON.stringify(arrays) });
  });

  after(async function () {
    await plugin?.stop();
    await sim?.close();
  });

  it(`the fixture really holds ${fixture.title}`, function () {
    for (const r of [session, volume]) {
      const text = String(r.outputs.__provider);
      assert.match(text, fixture.shell);
      assert.doesNotMatch(text, fixture.notShell);
    }
  });

  it("refresh (Read through the stored shell) finds both resources as they are", async function () {
    const s = await plugin.read(session.urn, session.id, session.outputs);
    assert.strictEqual(s.id, session.id);
    assert.strictEqual(s.properties.status, "Active");
    assert.strictEqual(s.properties.copySessionId, session.outputs.copySessionId);
    const v = await plugin.read(volume.urn, volume.id, volume.outputs);
    assert.strictEqual(v.id, volume.id);
    assert.strictEqual(v.properties.uid, volume.outputs.uid);
  });

  it("update through the stored shell switches the transfer mode in place", async function () {
    const news = { ...session.inputs, transferMode: "Consistency" };
    const checked = await plugin.check(session.urn, session.inputs, news);
    assert.deepStrictEqual(checked.failures, []);
    const d = await plugin.diff(session.urn, session.id, session.outputs, checked.inputs);
    assert.strictEqual(d.changes, "some");
    assert.deepStrictEqual(d.replaces, []);
    const u = await plugin.update(session.urn, session.id, session.outputs, checked.inputs);
    assert.strictEqual(u.properties.transferMode, "Consistency");
    const live = await api("site-a", `/copysession/${session.outputs.copySessionId}`);
    assert.strictEqual(live.transfer_mode, "Consistency");
    session.outputs = { ...u.properties, __provider: session.outputs.__provider };
  });

  it("destroy through the stored shells deletes the session on both arrays, then the volume", async function () {
    await plugin.delete(session.urn, session.id, session.outputs);
    await plugin.delete(volume.urn, volume.id, volume.outputs);
    for (const array of ["site-a", "site-b"]) {
      const list = await api(array, "/copysession");
      assert.deepStrictEqual(list.copysession_list, [], `sessions left on ${array}`);
    }
    assert.strictEqual(await api("site-b", `/volume/${volume.outputs.volumeId}`), undefined, "mirror volume still on site-b");
    assert.ok(await api("site-a", "/volume/100000"), "the business volume must stay");
  });
});
