/**
 * The stored text of shell version 2 (common/shell.ts storedShellText, what the Resource classes store) and
 * the serialized object of shell version 1 (what 0.2.0 stored; still served).
 *
 * Serialization round trip (docs/dynamic-provider-rules.md#test-layers, layer 2): serialize each provider as
 * dynamic.Resource does, assert no secret text, no captured zod/undici, size under 8 KB and only the
 * expected require()s; then load the text with require-from-string exactly as the plugin host does and run
 * configure/check/diff/create/read/update/delete against the simulator.
 *
 * Needs `node scripts/link-self.js` (npm test runs it): the text requires the implementation by package
 * name, resolved from the working directory.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { remoteVolumeProvider } from "../../../provider/resources/remote-volume/resource";
import { recSyncSessionProvider } from "../../../provider/resources/rec-sync-session/resource";
import { storedShellText } from "../../../provider/resources/common/shell";
import { BUSINESS_VOLUME_ID, DEST, PASSWORD, SOURCE, startHarness, type Harness } from "../resources/sim-harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string) => { handler(): any };

const BUDGET = 8 * 1024;
/** The version-2 text is stored twice per resource (inputs and outputs): state <= 4 KB per resource needs it small. */
const STORED_BUDGET = 320;

async function serialize(provider: object): Promise<{ text: string; containsSecrets: boolean }> {
  return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

function requiresIn(text: string): string[] {
  return [...text.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]).sort();
}

describe("serialized providers: size, secrets, round trip against the simulator", function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  for (const kind of ["RemoteVolume", "RecSyncSession"] as const) {
    it(`${kind}: the stored text (shell version 2) is small, requires only the entry, and loads a provider of its kind`, async () => {
      const text = storedShellText(kind);
      assert.ok(text.length <= STORED_BUDGET, `${text.length} bytes`);
      assert.deepEqual(requiresIn(text), ["pulumi-eternus-rec/provider-entry"]);
      assert.match(text, new RegExp(`\\.shell\\("${kind}",2\\)`));
      const p = requireFromString(text).handler();
      for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"]) assert.equal(typeof p[m], "function", m);
      assert.notEqual(requireFromString(text).handler(), p, "a new object per load (the host keys config by it)");
    });
  }

  for (const [name, provider] of [
    ["RemoteVolume", remoteVolumeProvider],
    ["RecSyncSession", recSyncSessionProvider],
  ] as const) {
    it(`${name}: thin text under 8 KB, no secrets, only package-name requires`, async () => {
      const sf = await serialize(provider);
      assert.equal(sf.containsSecrets, false);
      assert.ok(sf.text.length < BUDGET, `${sf.text.length} bytes`);
      // Only the permanent entry (provider/entry.ts): files behind it may move without breaking stored state.
      assert.deepEqual(requiresIn(sf.text), ["pulumi-eternus-rec/provider-entry"]);
      assert.match(sf.text, /\.provider\(kind, 1\)/);
      assert.match(sf.text, new RegExp(`kind: "${name}"`), "the kind is the only captured value");
      assert.doesNotMatch(sf.text, /zod|undici|safeParse|Agent\(/);
      assert.doesNotMatch(sf.text, /#\w+\s*[;=(]/, "no ES private fields");
    });

    it(`${name}: a configured provider object still serializes without the password`, async () => {
      const copy = { ...provider };
      await h.configure(copy);
      const sf = await serialize(copy);
      assert.equal(sf.containsSecrets, false);
      assert.ok(!sf.text.includes(PASSWORD));
      assert.ok(!sf.text.includes(h.arrays[SOURCE].url));
    });
  }

  const texts = async (kind: "RemoteVolume" | "RecSyncSession", provider: object) => [
    ["shell version 2 (stored text)", storedShellText(kind)],
    ["shell version 1 (serialized object)", (await serialize(provider)).text],
  ] as const;

  for (const version of [2, 1]) it(`RemoteVolume, shell version ${version}: loaded from its text, runs check/create/diff/update/read/delete`, async () => {
    const text = (await texts("RemoteVolume", remoteVolumeProvider))[version === 2 ? 0 : 1][1];
    const p = requireFromString(text).handler();
    await h.configure(p);
    const news = { array: DEST, name: `ser01v${version}`, sizeFrom: { array: SOURCE, volumeId: BUSINESS_VOLUME_ID }, tppId: 0, providerVersion: "1", __provider: text };
    const c = await p.check({}, news);
    assert.deepEqual(c.failures, []);
    const { id, outs } = await p.create({ ...c.inputs, __provider: text });
    assert.equal(outs.capacityMb, 10240);
    const olds = { ...outs, __provider: text };
    const n2 = { ...(await p.check(olds, { ...news, name: `ser02v${version}` })).inputs, __provider: text };
    assert.deepEqual(await p.diff(id, olds, n2), { changes: true });
    const u = await p.update(id, olds, n2);
    assert.equal(u.outs.name, `ser02v${version}`);
    const r = await p.read(id, { ...u.outs, __provider: text });
    assert.equal(r.props.name, `ser02v${version}`);
    await p.delete(id, { ...u.outs, __provider: text });
    assert.equal((await p.read(id, { ...u.outs, __provider: text })).id, "");
  });

  for (const version of [2, 1]) it(`RecSyncSession, shell version ${version}: loaded from its text, runs check/create/diff/update/read/delete`, async () => {
    const text = (await texts("RecSyncSession", recSyncSessionProvider))[version === 2 ? 0 : 1][1];
    const p = requireFromString(text).handler();
    await h.configure(p);
    const job = await h.api(DEST, "POST", "/volume", { name: `ser-mirror-v${version}`, capacity: 10240, tpp_id: 0 });
    const dest = Number(String(job.resource_href_list[0]).split("/").pop());
    const news = { sourceArray: SOURCE, sourceVolumeId: BUSINESS_VOLUME_ID, destinationArray: DEST, destinationVolumeId: dest, __provider: text };
    const c = await p.check({}, news);
    assert.deepEqual(c.failures, []);
    const { id, outs } = await p.create({ ...c.inputs, __provider: text });
    assert.equal(outs.phase, "Equivalent");
    const olds = { ...outs, __provider: text };
    const n2 = { ...(await p.check(olds, { ...news, transferMode: "Consistency" })).inputs, __provider: text };
    assert.deepEqual(await p.diff(id, olds, n2), { changes: true });
    const u = await p.update(id, olds, n2);
    assert.equal(u.outs.transferMode, "Consistency");
    const r = await p.read(id, { ...u.outs, __provider: text });
    assert.equal(r.props.transferMode, "Consistency");
    await p.delete(id, { ...u.outs, __provider: text });
    assert.equal((await p.read(id, { ...u.outs, __provider: text })).id, "");
  });

  it("an unconfigured loaded provider fails check with a clear config error, not a crash", async () => {
    const text = storedShellText("RecSyncSession");
    const p = requireFromString(text).handler();
    const c = await p.check({}, { sourceArray: SOURCE, sourceVolumeId: 1, destinationArray: DEST, destinationVolumeId: 2 });
    assert.match(c.failures[0].reason, /unknown array "site-a" \(no arrays are configured\)/);
  });
});
