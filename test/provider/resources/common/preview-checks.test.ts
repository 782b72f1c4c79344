/**
 * Opt-in preview-time checks (eternus:previewChecks): check() logs in to the arrays, reads the CA file,
 * compares sizes when the ids are known, and counts the sessions of the business volume (on the array +
 * planned in this run), so these problems fail the preview. Off (the default), check makes no array call.
 */
import { strict as assert } from "assert";
import { P, sessionCalls } from "../rec-sync-session/session-calls";
import { recSyncSessionProvider } from "../../../../provider/resources/rec-sync-session/resource";
import { remoteVolumeProvider } from "../../../../provider/resources/remote-volume/resource";
import { resetPlannedSessions } from "../../../../provider/resources/common/preview-checks";
import { UNKNOWN } from "../../../../provider/resources/common/unknown";
import { BUSINESS_VOLUME_ID, DEST, PASSWORD, SOURCE, startHarness, type Harness } from "../sim-harness";

const ON = { "eternus:previewChecks": "true" };
type Failures = { property: string; reason: string }[];

describe("preview checks (eternus:previewChecks)", function () {
  this.timeout(60_000);
  let h: Harness;
  let dest: number;
  const { inputs, create, newVolume } = sessionCalls(() => h, () => dest);
  /** A provider object of its own (its own configuration), as the plugin host configures one. */
  const session = async (arrays?: string, extra: Record<string, string> = ON) => h.configure({ ...recSyncSessionProvider }, arrays, extra);
  const withSourcePassword = (pw: string, more: Record<string, unknown> = {}) => {
    const cfg = JSON.parse(h.arraysConfig);
    cfg[SOURCE] = { ...cfg[SOURCE], password: pw, ...more };
    return JSON.stringify(cfg);
  };

  before(async () => {
    h = await startHarness();
    await h.configure(recSyncSessionProvider);
  });
  after(async () => h?.close());
  beforeEach(async () => {
    await h.admin(SOURCE, "POST", "/reset", { seed: true });
    resetPlannedSessions();
    dest = await newVolume(DEST, "mirror01");
  });

  it("a wrong password fails check on the array's field, naming the config keys; nothing is created", async () => {
    const p = await session(withSourcePassword("wrong-pw"));
    const r = await p.check!({}, inputs());
    const f = r.failures as Failures;
    assert.equal(f.length, 1, JSON.stringify(f));
    assert.equal(f[0].property, "sourceArray");
    assert.match(f[0].reason, /^eternus:previewChecks: array "site-a": .*eternus:arrays\.site-a\.username.*eternus:arrays\.site-a\.password/);
    assert.ok(!f[0].reason.includes("wrong-pw") && !f[0].reason.includes(PASSWORD));
    assert.equal((await h.api(SOURCE, "GET", "/copysession")).copysession_list.length, 0);
  });

  it("off by default: the same wrong password passes check (no array call at check time)", async () => {
    const p = await session(withSourcePassword("wrong-pw"), {});
    assert.deepEqual((await p.check!({}, inputs())).failures, []);
  });

  it("an unreadable CA file fails check naming caCertFile", async () => {
    const p = await session(withSourcePassword(PASSWORD, { caCertFile: "/nonexistent/eternus-ca.pem" }));
    const f = (await p.check!({}, inputs())).failures as Failures;
    assert.equal(f[0].property, "sourceArray");
    assert.match(f[0].reason, /eternus:arrays\.site-a\.caCertFile .*\/nonexistent\/eternus-ca\.pem cannot be read/);
  });

  it("sizes when the ids are known: another size or a missing volume fails; an unknown id is skipped", async () => {
    const p = await session();
    const small = await newVolume(DEST, "small", 5120);
    const f = (await p.check!({}, inputs({ destinationVolumeId: small }))).failures as Failures;
    assert.equal(f[0].property, "destinationVolumeId");
    assert.match(f[0].reason, /destination volume_id \d+ has 5120 MB but source volume_id 100000 has 10240 MB/);
    const g = (await p.check!({}, inputs({ destinationVolumeId: 199999 }))).failures as Failures;
    assert.match(g[0].reason, /destinationVolumeId 199999: no volume with this volume_id on array "site-b"/);
    assert.deepEqual((await p.check!({}, inputs({ destinationVolumeId: UNKNOWN }))).failures, []);
  });

  it("session limit: sessions on the array + new ones planned in this run; the eighth new one here fails", async () => {
    await create(); // one session on the array already
    const p = await session();
    const results: Failures[] = [];
    for (let i = 0; i < 8; i++) {
      results.push((await p.check!({}, inputs({ destinationVolumeId: UNKNOWN, resourceName: `m${i}`, resourceUrn: `urn:pulumi:s::p::t::m${i}` }))).failures as Failures);
    }
    assert.deepEqual(results.slice(0, 7), Array(7).fill([]), "1 on the array + 7 planned fit");
    assert.equal(results[7][0].property, "sourceVolumeId");
    assert.match(results[7][0].reason, /source volume_id 100000 on array "site-a" has 1 copy sessions and 7 more planned in this run: at most 8 per source volume/);
    // The same resource checked again (up after preview) is not a second plan.
    assert.deepEqual((await p.check!({}, inputs({ destinationVolumeId: UNKNOWN, resourceName: "m0", resourceUrn: "urn:pulumi:s::p::t::m0" }))).failures, []);
  });

  it("an existing resource (checked with previous inputs), and the empty-olds re-check of its replacement, plan no new session", async () => {
    const p = await session();
    const urn = "urn:pulumi:s::p::t::existing";
    const olds = { ...inputs({ resourceUrn: urn }) };
    for (let i = 0; i < 7; i++) await p.check!({}, inputs({ destinationVolumeId: UNKNOWN, resourceUrn: `urn:pulumi:s::p::t::n${i}` }));
    assert.deepEqual((await p.check!(olds, inputs({ resourceUrn: urn }))).failures, []);
    assert.deepEqual((await p.check!({}, inputs({ resourceUrn: urn }))).failures, [], "the replacement's second check");
    const eighth = (await p.check!({}, inputs({ destinationVolumeId: UNKNOWN, resourceUrn: "urn:pulumi:s::p::t::n7" }))).failures as Failures;
    assert.deepEqual(eighth, [], "0 on the array + 8 new");
  });

  it("an invalid eternus:previewChecks value is reported", async () => {
    const p = await session(undefined, { "eternus:previewChecks": "yes" });
    const f = (await p.check!({}, inputs())).failures as Failures;
    assert.match(f[0].reason, /eternus:previewChecks must be true or false/);
  });

  it("RemoteVolume: logs in to its array and the sizeFrom array; a missing sizeFrom volume fails", async () => {
    const p = await h.configure({ ...remoteVolumeProvider }, withSourcePassword("wrong-pw"), ON);
    const vol = (o: Record<string, unknown> = {}) => ({ array: DEST, name: "m2", sizeFrom: { array: SOURCE, volumeId: BUSINESS_VOLUME_ID }, tppId: 0, resourceName: "m2", providerVersion: "1.0.0", __provider: P, ...o });
    const f = (await p.check!({}, vol())).failures as Failures;
    assert.equal(f[0].property, "sizeFrom.array");
    assert.match(f[0].reason, /eternus:previewChecks: array "site-a": .*eternus:arrays\.site-a\.password/);
    const q = await h.configure({ ...remoteVolumeProvider }, undefined, ON);
    assert.deepEqual((await q.check!({}, vol())).failures, []);
    const g = (await q.check!({}, vol({ sizeFrom: { array: SOURCE, volumeId: 199999 } }))).failures as Failures;
    assert.match(g[0].reason, /sizeFrom.volumeId 199999: no volume with this volume_id on array "site-a"/);
  });
});
