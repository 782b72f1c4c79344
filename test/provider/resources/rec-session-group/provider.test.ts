/**
 * RecSessionGroup provider methods against the simulator on the manual clock: create of three members,
 * a group suspend as ONE multi-suspend (one instant for all), resume, reordering is no change, a member
 * removed touches only its session, and a partial multi-suspend is resumed and reported as a failure.
 */
import { strict as assert } from "assert";
import * as methods from "../../../../provider/resources/rec-session-group/provider";
import { recSyncSessionProvider } from "../../../../provider/resources/rec-sync-session/resource";
import { operation } from "../../../../provider/resources/common/operation";
import { runContext } from "../../../../provider/resources/rec-sync-session/common";
import { parseStoredOutputs } from "../../../../provider/resources/rec-sync-session/schema";
import { suspendTogether } from "../../../../provider/resources/rec-session-group/cut";
import { DEST, rejects, SOURCE, startHarness, type Harness } from "../sim-harness";

const P = "exports.handler = __f0; /* serialized provider text */";
type Out = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("RecSessionGroup provider", function () {
  this.timeout(60_000);
  let h: Harness;
  const provider = recSyncSessionProvider; // any configured provider object carries the config and runtime
  let members: { sourceVolumeId: number; destinationVolumeId: number }[];

  async function volume(array: string, name: string): Promise<number> {
    const job = await h.api(array, "POST", "/volume", { name, capacity: 1024, tpp_id: 0 });
    return Number(String(job.resource_href_list[0]).split("/").pop());
  }
  const inputs = (o: Record<string, unknown> = {}) => ({ sourceArray: SOURCE, destinationArray: DEST, members, resourceName: "db", providerVersion: "1.0.0", __provider: P, ...o });
  async function checked(o: Record<string, unknown> = {}, olds: Record<string, unknown> = {}) {
    const r = await methods.check(provider, olds, inputs(o));
    assert.deepEqual(r.failures, []);
    return { ...r.inputs, __provider: P };
  }
  const multiSuspends = () => h.requests.filter((r) => / POST \/api\/v1\/copysession\/suspend$/.test(r)).length;
  const singleSuspends = () => h.requests.filter((r) => / POST \/api\/v1\/copysession\/\d+\/suspend$/.test(r)).length;

  before(async () => {
    h = await startHarness();
    await h.configure(provider);
  });
  after(async () => h?.close());
  beforeEach(async () => {
    await h.sim.restore(SOURCE).catch(() => undefined);
    await h.admin(SOURCE, "POST", "/reset", { seed: true });
    await h.admin(DEST, "POST", "/reset", { seed: true });
    members = [];
    for (const n of ["data", "log", "archive"]) members.push({ sourceVolumeId: await volume(SOURCE, n), destinationVolumeId: await volume(DEST, `${n}-mirror`) });
    h.requests.length = 0;
    h.logs.length = 0;
  });

  async function created(): Promise<{ id: string; outs: Out }> {
    const r = (await methods.create(provider, await checked())) as { id: string; outs: Out };
    assert.equal(r.outs.sessions.length, 3);
    for (const s of r.outs.sessions) assert.equal(s.phase, "Equivalent", JSON.stringify(s));
    return { id: r.id, outs: { ...r.outs, __provider: P } as Out };
  }

  it("suspends all members with ONE multi-suspend at one instant, then resumes them", async () => {
    const { id, outs } = await created();
    const suspended = (await methods.update(provider, id, outs, await checked({ suspended: true }, outs))).outs as Out;
    assert.equal(multiSuspends(), 1, h.requests.join("\n"));
    assert.equal(singleSuspends(), 0);
    assert.equal(suspended.suspended, true);
    assert.equal(suspended.lastCut.consistent, true);
    assert.deepEqual(suspended.lastCut.copySessionIds.length, 3);
    const world = await h.admin(SOURCE, "GET", "/world");
    const instants = new Set(JSON.stringify(world).match(/"suspendedAt":\d+/g));
    assert.equal(instants.size, 1, `one instant for every session: ${[...instants].join(", ")}`);
    const resumed = (await methods.update(provider, id, { ...suspended, __provider: P }, await checked({ suspended: false }))).outs as Out;
    assert.equal(resumed.suspended, false);
    for (const s of resumed.sessions) assert.equal(s.status, "Active");
  });

  it("created with suspended: true, the outputs say suspended (read back after the one multi-suspend)", async () => {
    const r = (await methods.create(provider, await checked({ suspended: true }))) as { id: string; outs: Out };
    assert.equal(multiSuspends(), 1, h.requests.join("\n"));
    assert.equal(singleSuspends(), 0);
    assert.equal(r.outs.suspended, true);
    assert.equal(r.outs.lastCut.consistent, true);
    for (const s of r.outs.sessions) assert.equal(s.status, "Suspend", JSON.stringify(s));
    const again = await methods.diff(provider, r.id, { ...r.outs, __provider: P }, await checked({ suspended: true }, r.outs));
    assert.equal(again.changes, false, "a second up changes nothing");
  });

  it("reordering the members is no change; removing one deletes only its session", async () => {
    const { id, outs } = await created();
    const reordered = await methods.diff(provider, id, outs, await checked({ members: [...members].reverse() }));
    assert.equal(reordered.changes, false);
    const fewer = await checked({ members: members.slice(0, 2) });
    const d = await methods.diff(provider, id, outs, fewer);
    assert.equal(d.changes, true);
    assert.ok(h.logs.some((l) => /will remove member .*volume/.test(l)), h.logs.join("\n"));
    const after = (await methods.update(provider, id, outs, fewer)).outs as Out;
    assert.equal(after.sessions.length, 2);
    const list = (await h.api(SOURCE, "GET", "/copysession")).copysession_list as Out[];
    assert.equal(list.length, 2);
    assert.deepEqual(after.sessions.map((s: Out) => s.copySessionId).sort(), outs.sessions.slice(0, 2).map((s: Out) => s.copySessionId).sort());
  });

  it("a member in Error refuses the group suspend before any request (nothing changed)", async () => {
    const { id, outs } = await created();
    // The third member's session turns Error (destination overload): the array refuses its suspend.
    await h.admin(DEST, "POST", "/overload", { volume_id: members[2].destinationVolumeId });
    const e = await rejects(async () => methods.update(provider, id, outs, await checked({ suspended: true })));
    assert.equal(e.code, "ERR_REFUSED", e.message);
    assert.match(e.message, /Error/);
    // Refused before acting: an Error member refuses the group suspend (nothing was changed).
    assert.equal(multiSuspends(), 0);
  });

  it("a Partial_Error multi-suspend resumes the suspended ones and records the cut as not consistent", async () => {
    const { outs } = await created();
    // One member was suspended outside Pulumi after the plan read it: the array refuses it inside the request.
    await h.api(SOURCE, "POST", `/copysession/${outs.sessions[2].copySessionId}/suspend`);
    const op = operation(provider, "RecSessionGroup", "db");
    const d = op.deadline(600);
    const cutMembers = outs.sessions.map((s: Out) => {
      const ctx = runContext(op, op.client(SOURCE), parseStoredOutputs(s), d);
      return { label: s.resourceName, ctx, live: { copysession_id: s.copySessionId, status: "Active", phase: "Equivalent" } };
    });
    const r = await suspendTogether(op, cutMembers, { forced: false, through: "source" }, d);
    assert.equal(multiSuspends(), 1);
    assert.equal(r.cut.consistent, false);
    assert.deepEqual(r.failed.map((f) => f.label), [outs.sessions[2].resourceName]);
    assert.deepEqual(r.resumed, [outs.sessions[0].resourceName, outs.sessions[1].resourceName]);
    for (const s of outs.sessions.slice(0, 2)) {
      assert.equal((await h.api(SOURCE, "GET", `/copysession/${s.copySessionId}`)).status, "Active", "protection returned");
    }
  });

  it("failover with the business site down: ONE forced multi-suspend through the destination; failback with both sites up", async () => {
    const { id, outs } = await created();
    await h.sim.outage(SOURCE);
    const failedOver = (await methods.update(provider, id, outs, await checked({ failover: true }))).outs as Out;
    assert.equal(h.requests.filter((r) => r.startsWith(`${DEST} POST /api/v1/copysession/suspend`)).length, 1, h.requests.join("\n"));
    assert.equal(singleSuspends(), 0);
    assert.equal(failedOver.lastCut.through, "destination");
    assert.equal(failedOver.lastCut.consistent, true);
    for (const s of failedOver.sessions) assert.equal(s.suspended, true, JSON.stringify(s));
    await h.sim.restore(SOURCE);
    const back = (await methods.update(provider, id, { ...failedOver, __provider: P }, await checked({ failover: false }))).outs as Out;
    for (const s of back.sessions) {
      assert.equal(s.direction, "Forward");
      assert.equal(s.status, "Active");
      assert.equal(s.failover, false);
    }
  });

  it("failover with the business site black-holed: the cut waits for one probe; the members' read-backs do not ask it again", async () => {
    const { id, outs } = await created();
    await h.sim.outage(SOURCE, "blackhole");
    let done = false;
    const update = methods.update(provider, id, outs, await checked({ failover: true })).finally(() => { done = true; });
    // The black hole never answers: the manual clock moves on while the provider waits (no wall time).
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!done) h.rt.advance(500);
    }
    const failedOver = (await update).outs as Out;
    assert.deepEqual([failedOver.lastCut.through, failedOver.lastCut.consistent], ["destination", true]);
    for (const s of failedOver.sessions) assert.equal(s.suspended, true, JSON.stringify(s));
    assert.equal(h.logs.filter((l) => /array "site-a" did not answer within 3 s; not asked again for 60 s/.test(l)).length, 1, h.logs.join("\n"));
    const members = h.logs.filter((l) => /array "site-a" unreachable \(.*\); failing over through "site-b"/.test(l));
    assert.equal(members.length, 3, h.logs.join("\n"));
    for (const l of members) assert.match(l, /array "site-a" is not answering \(no answer within 3 s/, "the cut's silence, not a second probe");
  });

  it("adopt: a RecSyncSession moves into a group and back out with no new session and no initial copy (docs/disaster-recovery.md)", async () => {
    const single = async (m: { sourceVolumeId: number; destinationVolumeId: number }) => {
      const c = await provider.check!({}, { sourceArray: SOURCE, destinationArray: DEST, ...m, resourceName: "data-mirror", providerVersion: "1.0.0", __provider: P });
      assert.deepEqual(c.failures, []);
      return (await provider.create({ ...c.inputs, __provider: P })).outs as Out;
    };
    const recCreates = () => h.requests.filter((r) => / POST \/api\/v1\/copysession\/rec$/.test(r)).length;
    const deletes = () => h.requests.filter((r) => / DELETE \/api\/v1\/copysession\//.test(r)).length;
    const createdAt = async (id: number) => ((await h.admin(SOURCE, "GET", "/world")).sessions as Out[]).find((x) => x.views[SOURCE] === id)?.createdAt;
    const moved = await single(members[0]);
    const born = await createdAt(moved.copySessionId);
    assert.equal(typeof born, "number");
    h.requests.length = 0;
    // In: the group declares the pair (the RecSyncSession left the program with retainOnDelete: never deleted).
    const group = (await methods.create(provider, await checked())) as { id: string; outs: Out };
    assert.equal(recCreates(), 2, `only the two new members are created: ${h.requests.join("\n")}`);
    assert.equal(group.outs.sessions[0].copySessionId, moved.copySessionId, "the member IS the single session");
    assert.equal(await createdAt(moved.copySessionId), born, "the same session: no new initial copy");
    // Out: the group retained (retainOnDelete, never deleted); a RecSyncSession and a new group take the pairs over.
    h.requests.length = 0;
    const back = await single(members[0]);
    const rest = (await methods.create(provider, await checked({ members: members.slice(1) }))) as { id: string; outs: Out };
    assert.deepEqual([recCreates(), deletes()], [0, 0], h.requests.join("\n"));
    assert.equal(back.copySessionId, moved.copySessionId);
    assert.deepEqual(rest.outs.sessions.map((x: Out) => x.copySessionId), group.outs.sessions.slice(1).map((x: Out) => x.copySessionId));
    for (const x of [back, ...rest.outs.sessions]) assert.equal(x.phase, "Equivalent", JSON.stringify(x));
    assert.equal(await createdAt(moved.copySessionId), born);
  });
});
