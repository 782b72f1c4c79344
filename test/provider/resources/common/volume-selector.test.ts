/**
 * The business volume by name or by the number the Web GUI/CLI shows, besides the REST volume_id: resolved
 * at check time against the simulator, kept while the declaration is unchanged (a rename on the array never
 * moves the session), re-verified at create, and the same for RemoteVolume sizeFrom.
 */
import { strict as assert } from "assert";
import { P, sessionCalls } from "../rec-sync-session/session-calls";
import { recSyncSessionProvider as provider } from "../../../../provider/resources/rec-sync-session/resource";
import { remoteVolumeProvider } from "../../../../provider/resources/remote-volume/resource";
import { UNKNOWN } from "../../../../provider/resources/common/unknown";
import { BUSINESS_VOLUME_ID, DEST, rejects, SOURCE, startHarness, type Harness } from "../sim-harness";

/** The seeded business volume: business_vol01, the first volume on site-a, so number 0. */
const BUSINESS_NAME = "business_vol01";
const BUSINESS_NUMBER = 0;

describe("business volume by name or volume number (volume-selector)", function () {
  this.timeout(60_000);
  let h: Harness;
  let dest: number;
  const { inputs, create, newVolume, sessions } = sessionCalls(() => h, () => dest);
  const byName = { sourceVolumeId: undefined, sourceVolumeName: BUSINESS_NAME };
  const check = async (o: Record<string, unknown>, olds: Record<string, unknown> = {}) => provider.check!(olds, inputs(o));
  const rename = (id: number, name: string) => h.api(SOURCE, "PATCH", `/volume/${id}`, { new_name: name });

  before(async () => {
    h = await startHarness();
    await h.configure(provider);
    await h.configure(remoteVolumeProvider);
  });
  after(async () => h?.close());
  beforeEach(async () => {
    await h.admin(SOURCE, "POST", "/reset", { seed: true });
    dest = await newVolume(DEST, "mirror01");
    h.logs.length = 0;
  });

  it("check resolves sourceVolumeName to the volume_id and records where it came from", async () => {
    const r = await check(byName);
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs.sourceVolumeId, BUSINESS_VOLUME_ID);
    assert.equal(r.inputs.sourceVolumeIdFrom, "sourceVolumeName");
  });

  it("check resolves sourceVolumeNumber (the GUI/CLI number, not the volume_id)", async () => {
    const r = await check({ sourceVolumeId: undefined, sourceVolumeNumber: BUSINESS_NUMBER });
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs.sourceVolumeId, BUSINESS_VOLUME_ID);
    assert.equal(r.inputs.sourceVolumeIdFrom, "sourceVolumeNumber");
  });

  it("a name or number the array does not have fails check naming the field and the array", async () => {
    const a = await check({ sourceVolumeId: undefined, sourceVolumeName: "Business_vol01" });
    assert.equal(a.failures!.length, 1);
    assert.equal(a.failures![0].property, "sourceVolumeName");
    assert.match(a.failures![0].reason, /sourceVolumeName "Business_vol01": no such volume on array "site-a" \(names are case-sensitive\)/);
    const b = await check({ sourceVolumeId: undefined, sourceVolumeNumber: BUSINESS_VOLUME_ID });
    assert.equal(b.failures![0].property, "sourceVolumeNumber");
    assert.match(b.failures![0].reason, /no such volume on array "site-a" \(the number the Web GUI\/CLI shows, not the REST volume_id\)/);
  });

  it("a name not known at preview leaves the id unknown (no lookup)", async () => {
    const r = await check({ sourceVolumeId: undefined, sourceVolumeName: UNKNOWN });
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs.sourceVolumeId, UNKNOWN);
  });

  it("create by name: outputs carry the resolved sourceVolumeId; the session is on that volume", async () => {
    const { outs } = await create(byName);
    assert.equal(outs.sourceVolumeId, BUSINESS_VOLUME_ID);
    assert.equal(outs.sourceVolumeName, BUSINESS_NAME);
    const [s] = await sessions(SOURCE);
    assert.equal(s.source_volume_name, BUSINESS_NAME);
  });

  it("identity: after a rename and a NEW volume with the old name, the session stays on its volume_id", async () => {
    const { id, outs } = await create(byName);
    await rename(BUSINESS_VOLUME_ID, "business_old");
    const impostor = await newVolume(SOURCE, BUSINESS_NAME);
    assert.notEqual(impostor, BUSINESS_VOLUME_ID);

    // The same declaration: the stored id is kept, nothing to do (no lookup would find the impostor).
    const again = await check(byName, outs);
    assert.deepEqual(again.failures, []);
    assert.equal(again.inputs.sourceVolumeId, BUSINESS_VOLUME_ID);
    assert.deepEqual(await provider.diff!(id, outs, { ...again.inputs, __provider: P }), { changes: false });

    // refresh says what happened and how to follow it.
    const read = await provider.read!(id, outs);
    assert.equal(read.props!.sourceVolumeId, BUSINESS_VOLUME_ID);
    assert.ok(h.logs.some((l) => /business volume \(volume_id 100000\) is now named "business_old" on array "site-a" \(declared sourceVolumeName "business_vol01"\); the session stays on volume_id 100000\. To follow the rename, set sourceVolumeName to "business_old" \(no replacement\)/.test(l)), h.logs.join("\n"));

    // Following the rename: the new name resolves to the same volume, so only the state is updated.
    const followed = await check({ ...byName, sourceVolumeName: "business_old" }, read.inputs!);
    assert.equal(followed.inputs.sourceVolumeId, BUSINESS_VOLUME_ID);
    assert.deepEqual(await provider.diff!(id, { ...read.props!, __provider: P }, { ...followed.inputs, __provider: P }), { changes: true });
    assert.ok(h.logs.some((l) => /will update state only \(no array change\): sourceVolumeName business_vol01 -> business_old/.test(l)), h.logs.join("\n"));

    // Declaring the impostor's name is another volume: a replacement, stated with both ids.
    const other = await check({ ...byName, sourceVolumeName: BUSINESS_NAME }, followed.inputs);
    assert.equal(other.inputs.sourceVolumeId, impostor);
    assert.deepEqual(await provider.diff!(id, { ...read.props!, __provider: P }, { ...other.inputs, __provider: P }), { changes: true, replaces: ["sourceVolumeId"], deleteBeforeReplace: true });
  });

  it("a replacement's second check (empty olds) keeps the id this process resolved for the same resource", async () => {
    const { id, outs } = await create({ ...byName, resourceUrn: "urn:pulumi:s::p::t::rec" });
    await rename(BUSINESS_VOLUME_ID, "business_old");
    await newVolume(SOURCE, BUSINESS_NAME);
    const other = await newVolume(DEST, "mirror02");
    const first = await check({ ...byName, resourceUrn: "urn:pulumi:s::p::t::rec", destinationVolumeId: other }, outs);
    assert.equal(first.inputs.sourceVolumeId, BUSINESS_VOLUME_ID);
    assert.deepEqual(await provider.diff!(id, outs, { ...first.inputs, __provider: P }), { changes: true, replaces: ["destinationVolumeId"], deleteBeforeReplace: true });
    const second = await check({ ...byName, resourceUrn: "urn:pulumi:s::p::t::rec", destinationVolumeId: other });
    assert.equal(second.inputs.sourceVolumeId, BUSINESS_VOLUME_ID, "not the new volume that took the old name");
  });

  it("RemoteVolume sizeFrom by volumeName / volumeNumber: resolved at check, sized from that volume", async () => {
    const vol = (sizeFrom: Record<string, unknown>) => ({ array: DEST, name: "mirror02", sizeFrom, tppId: 0, resourceName: "m2", providerVersion: "1.0.0", __provider: P });
    const byNumber = await remoteVolumeProvider.check!({}, vol({ array: SOURCE, volumeNumber: BUSINESS_NUMBER }));
    assert.deepEqual(byNumber.failures, []);
    assert.equal(byNumber.inputs.sizeFrom.volumeId, BUSINESS_VOLUME_ID);
    const r = await remoteVolumeProvider.check!({}, vol({ array: SOURCE, volumeName: BUSINESS_NAME }));
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.inputs.sizeFrom, { array: SOURCE, volumeName: BUSINESS_NAME, volumeId: BUSINESS_VOLUME_ID, volumeIdFrom: "volumeName" });
    const created = await remoteVolumeProvider.create({ ...r.inputs, __provider: P });
    assert.equal(created.outs.capacityMb, 10240);
    // The engine hands the state back with sorted keys: the same declaration is still no change.
    const sorted = JSON.parse(JSON.stringify(created.outs, Object.keys(created.outs).concat(["array", "volumeId", "volumeIdFrom", "volumeName"]).sort()));
    const again = await remoteVolumeProvider.check!(sorted, vol({ array: SOURCE, volumeName: BUSINESS_NAME }));
    assert.deepEqual(await remoteVolumeProvider.diff!(created.id, { ...sorted, __provider: P }, { ...again.inputs, __provider: P }), { changes: false });
    const missing = await remoteVolumeProvider.check!({}, vol({ array: SOURCE, volumeName: "nope" }));
    assert.equal(missing.failures![0].property, "sizeFrom.volumeName");
    assert.match(missing.failures![0].reason, /sizeFrom.volumeName "nope": no such volume on array "site-a"/);
  });
});
