/**
 * Failback onto a business array that came back EMPTY (provider/resources/rec-sync-session/rebuild.ts), at
 * the provider-method layer on the manual clock, checked with content digests: refresh records the new box
 * id, preview says the full copy and its direction, update force-deletes the leftover and re-creates the
 * session from the mirror onto the declared new volume, then runs Forward through the DR array that created
 * it. Plus the guards (no refresh, a wrong target, a replacement while failed over) and interruptions.
 */
import { strict as assert } from "assert";
import { assertJsonPlain, P, sessionCalls, type Out } from "./session-calls";
import { recSyncSessionProvider as provider } from "../../../../provider/resources/rec-sync-session/resource";
import { BUSINESS_VOLUME_ID, DEST, rejects, SOURCE, startHarness, type Harness } from "../sim-harness";

describe("RecSyncSession failback onto a source array that came back empty", function () {
  this.timeout(60_000);
  let h: Harness;
  let dest: number;

  const { create, update, checked, newVolume, sessions } = sessionCalls(() => h, () => dest);
  async function refresh(id: string, olds: Out): Promise<Out> {
    const r = await provider.read!(id, olds);
    assert.equal(r.id, id, "kept in state");
    assertJsonPlain(r.props, "read");
    return { ...r.props, __provider: P };
  }
  const write = (array: string, volumeId: number, block: number, writeId: string) =>
    h.admin(DEST, "POST", "/writes", { array, volume_id: volumeId, block, write_id: writeId });
  const digest = (array: string, volumeId: number) => h.admin(DEST, "GET", `/volumes/${array}/${volumeId}/digest`);
  const logged = (re: RegExp) => assert.ok(h.logs.some((l) => re.test(l)), `no log line ${re}:\n${h.logs.join("\n")}`);

  before(async () => {
    h = await startHarness();
    await h.configure(provider);
  });
  after(async () => h?.close());
  beforeEach(async () => {
    if (h.sim.arrays.find((a) => a.name === SOURCE)) await h.sim.restore(SOURCE).catch(() => undefined);
    await h.admin(DEST, "POST", "/reset", { seed: true });
    await h.admin(DEST, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
    const job = await h.api(DEST, "POST", "/volume", { name: "mirror01", capacity: 10240, tpp_id: 0 });
    dest = Number(String(job.resource_href_list[0]).split("/").pop());
    h.logs.length = 0;
    h.setPolicy();
  });

  /** Mirror, business writes, site lost, failover, DR writes, site back EMPTY, refresh. */
  async function failedOverThenEmpty(): Promise<{ id: string; state: Out; drDigest: string; oldBox: string }> {
    const { id, outs } = await create();
    for (let b = 0; b < 4; b++) await write(SOURCE, BUSINESS_VOLUME_ID, b, `business-${b}`);
    await h.sim.outage(SOURCE);
    const f = await update(id, await refresh(id, outs), { failover: true });
    for (let b = 100; b < 103; b++) await write(DEST, dest, b, `dr-${b}`);
    await h.sim.restore(SOURCE, { empty: true });
    h.logs.length = 0;
    const state = await refresh(id, f);
    return { id, state, drDigest: (await digest(DEST, dest)).digest, oldBox: outs.sourceBoxId };
  }

  it("refresh records the new box id; preview says full copy and direction; up re-creates the session from the mirror, then Forward; the DR writes are home", async () => {
    const { id, state, drDigest, oldBox } = await failedOverThenEmpty();
    const newBox = h.sim.arrays.find((a) => a.name === SOURCE)!.boxId;
    assert.notEqual(newBox, oldBox);
    assert.equal(state.replacedSourceBoxId, newBox);
    assert.equal(state.failover, true);
    logged(/came back empty .*To fail back, declare failover: false with sourceVolumeId set to a new volume/);
    // Something else is on the rebuilt array first, so the new business volume gets another id than before.
    const other = await newVolume(SOURCE, "someone_elses", 2048);
    await write(SOURCE, other, 0, "not-ours");
    const otherDigest = (await digest(SOURCE, other)).digest;
    const target = await newVolume(SOURCE, "business_vol01_rebuilt");
    assert.notEqual(target, BUSINESS_VOLUME_ID);

    h.logs.length = 0;
    const d = await provider.diff!(id, state, await checked({ failover: false, sourceVolumeId: target }, state));
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces ?? [], [], "not a replacement: a Forward create would copy over the mirror");
    logged(new RegExp(`will fail back onto the rebuilt array "site-a" \\(it came back empty: box id ${newBox}, was ${oldBox}\\): force-delete the leftover .* on "site-b" -> create a REC session on "site-b" from the mirror volume ${dest} to volume ${target} on "site-a" \\(FULL copy, direction site-b -> site-a; volume ${target} is overwritten\\) -> wait for Equivalent -> suspend -> wait until suspended -> reverse -> resume -> wait for Equivalent`));
    logged(/failback: stop host I\/O on the mirror volume now/);

    const back = await update(id, state, { failover: false, sourceVolumeId: target });
    assert.deepEqual([back.status, back.phase, back.direction, back.failover, back.createdOn], ["Active", "Equivalent", "Forward", false, "destination"], JSON.stringify(back));
    assert.equal(back.sourceBoxId, newBox);
    assert.equal(back.sourceVolumeId, target);
    assert.equal(back.replacedSourceBoxId, undefined);
    assert.equal((await digest(SOURCE, target)).digest, drDigest, "the new business volume holds every write made at the DR site");
    assert.equal((await digest(SOURCE, other)).digest, otherDigest, "the other volume is untouched");
    assert.equal((await sessions(DEST)).length, 1, "no leftover on the DR array: only the new session");
    assert.equal((await sessions(SOURCE)).length, 1);

    await write(SOURCE, target, 7, "after-failback");
    assert.equal((await digest(DEST, dest)).digest, (await digest(SOURCE, target)).digest, "mirroring Forward again");
    // Later operations go to the array that created the session (site-b), reads through site-a.
    const again = await refresh(id, back);
    assert.deepEqual([again.status, again.direction, again.createdOn], ["Active", "Forward", "destination"]);
    const suspended = await update(id, again, { sourceVolumeId: target, suspended: true });
    assert.equal(suspended.status, "Suspend");
    const resumed = await update(id, suspended, { sourceVolumeId: target });
    assert.equal(resumed.phase, "Equivalent");
    await provider.delete!(id, resumed);
    assert.deepEqual([(await sessions(SOURCE)).length, (await sessions(DEST)).length], [0, 0], "destroy leaves no session on either array");
  });

  it("the rebuilt volume may keep the old volume_id (ids are reused): the old ids are not taken for ours", async () => {
    const { id, state, drDigest } = await failedOverThenEmpty();
    const target = await newVolume(SOURCE, "business_vol01");
    assert.equal(target, BUSINESS_VOLUME_ID, "the simulator reuses the lowest free volume number");
    const back = await update(id, state, { failover: false });
    assert.deepEqual([back.direction, back.failover, back.createdOn], ["Forward", false, "destination"]);
    assert.equal((await digest(SOURCE, target)).digest, drDigest);
  });

  it("guards: without the refresh the failback is refused naming it; a target missing, of another size or in a session is refused before anything changes; no replacement while failed over", async () => {
    const { id, outs } = await create();
    await h.sim.outage(SOURCE);
    const f = await update(id, await refresh(id, outs), { failover: true });
    await h.sim.restore(SOURCE, { empty: true });

    const noRefresh = await rejects(() => update(id, f, { failover: false }));
    assert.match(noRefresh.message, /came back empty.*run pulumi refresh .*sourceVolumeId set to a new volume/);
    const state = await refresh(id, f);
    const leftover = (await sessions(DEST))[0];
    assert.equal(leftover.status, "Suspend", "the failover's suspend");
    // Still failed over: the old ids are not read (they may name someone else's session now).
    const kept = await update(id, state, { failover: true });
    assert.deepEqual([kept.copySessionId, kept.replacedSourceBoxId, kept.failover], [state.copySessionId, state.replacedSourceBoxId, true]);
    logged(/no array change: "site-a" came back empty/);

    const missing = await rejects(() => update(id, state, { failover: false, sourceVolumeId: 100099 }));
    assert.equal(missing.code, "ERR_PREFLIGHT");
    assert.match(missing.message, /sourceVolumeId 100099 does not exist on the rebuilt array "site-a": create a volume of 10240 MB/);
    const small = await newVolume(SOURCE, "too_small", 2048);
    const sized = await rejects(() => update(id, state, { failover: false, sourceVolumeId: small }));
    assert.match(sized.message, /has 2048 MB, the mirror volume 10240 MB/);
    // A volume that is the source of another session holds data someone copies: never overwritten.
    const busy = await newVolume(SOURCE, "busy");
    const busyMirror = await newVolume(DEST, "busy_mirror");
    await h.api(SOURCE, "POST", "/copysession/rec", { source_volume_id: busy, destination_volume_id: busyMirror, source_boxid: h.sim.arrays.find((a) => a.name === SOURCE)!.boxId, destination_boxid: outs.destinationBoxId, transfer_mode: "Synchronous" });
    const inUse = await rejects(() => update(id, state, { failover: false, sourceVolumeId: busy }));
    assert.match(inUse.message, /is in a copy session .*must be a new volume in no copy session/);
    assert.ok((await sessions(DEST)).some((s) => s.copysession_id === leftover.copysession_id && s.remote_boxid === outs.sourceBoxId), "the leftover is still there: a refusal changes nothing");

    const otherMirror = await newVolume(DEST, "mirror02");
    const replaced = await rejects(() => update(id, state, { failover: true, destinationVolumeId: otherMirror }));
    assert.match(replaced.message, /destinationVolumeId cannot change while failed over .*copy the business volume over the mirror volume/);
    const d = await provider.diff!(id, state, await checked({ failover: true, destinationVolumeId: otherMirror }, state));
    assert.deepEqual(d.replaces ?? [], [], "diff does not plan the replacement either");
  });

  it("interrupted: a timeout during the full copy records the new session; an update from the OLD state (the result never recorded) finds it; nothing is created twice", async () => {
    const { id, state, drDigest } = await failedOverThenEmpty();
    const target = await newVolume(SOURCE, "business_vol01_rebuilt");
    await h.admin(DEST, "PATCH", "/settings", { copy_rate_mbps: 100 }); // the full copy takes ~100 s
    const e = await rejects(() => update(id, state, { failover: false, sourceVolumeId: target, timeoutSeconds: 5 }));
    assert.equal(e.code, "ERR_PARTIAL_FAILURE", e.message);
    assert.deepEqual([e.properties.createdOn, e.properties.failover, e.properties.direction, e.properties.sourceVolumeId], ["destination", true, "Reverse", target]);
    assert.equal(e.properties.replacedSourceBoxId, undefined);
    const created = (await sessions(DEST)).map((s) => s.copysession_id);
    assert.equal(created.length, 1);

    // As if the engine had lost that result (a killed plugin): the old state, replacedSourceBoxId still set.
    const e2 = await rejects(() => update(id, state, { failover: false, sourceVolumeId: target, timeoutSeconds: 5 }));
    assert.equal(e2.code, "ERR_PARTIAL_FAILURE", e2.message);
    assert.deepEqual((await sessions(DEST)).map((s) => s.copysession_id), created, "the same session, not a second");

    await h.admin(DEST, "PATCH", "/settings", { copy_rate_mbps: 100_000 });
    const done = await update(id, { ...e2.properties, __provider: P }, { failover: false, sourceVolumeId: target });
    assert.deepEqual([done.direction, done.failover, done.phase], ["Forward", false, "Equivalent"]);
    assert.equal((await digest(SOURCE, target)).digest, drDigest);
    assert.deepEqual((await sessions(DEST)).map((s) => s.copysession_id), created);
  });
});
