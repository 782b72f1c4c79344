/**
 * Issue 17 under the real `pulumi` CLI: three business volumes mirrored as ONE consistency group
 * (examples/dr-group, MirroredVolumeGroup) while the simulator's dependent-write workload writes them in one
 * global order. After a drill (`suspended: true`), a failover with both sites up, and a failover with the
 * business site lost mid-workload, the write-order oracle finds the mirrors at one point of that
 * order, and (Synchronous) no acknowledged write is missing. The negative proof: the same workload over three
 * single MirroredVolumes failed over together (as a user would do without a group) leaves mirrors the oracle
 * rejects. The workload writes before every request the arrays take (`writes_per_request`), so single
 * suspends one after another freeze different points whatever the engine's order and the clock's steps.
 */
import * as assert from "assert";
import { e2eSuite, leftovers, type SuiteCtx } from "./helpers/suite";

const BUSINESS = "site-a";
const DR = "site-b";
const NAMES = ["db_data", "db_log", "db_archive"];
/**
 * How the business site is lost. Refused connections exercise the same paths as a black-holed site (the
 * source unreachable, everything through the DR array) without its probes; the black-holed site has its own
 * file, dr-blackhole.test.ts (its failover `up` waits for one probe in the diffs and one for the cut).
 */
const SITE_LOSS = "refuse";
/** 2N writes before every request: between two single suspends one copy always misses what another holds. */
const WORKLOAD = { interval_ms: 5, writes_per_request: 2 * NAMES.length };

interface Oracle { consistent: boolean; cut: number | null; reason?: string; evidence: Array<{ prefix: boolean; suspended_at?: number }> }
interface Workload { id: number; state: string; acknowledged_writes: number }

/** The simulator's workload and oracle, through the DR array (it stays up the whole time). */
function workloads(c: () => SuiteCtx) {
  const admin = (method: string, p: string, body?: unknown) => c().sim.api(DR).admin(method, p, body);
  return {
    start: async (array: string, volumeIds: number[]): Promise<Workload> => admin("POST", "/workloads", { array, volume_ids: volumeIds, ...WORKLOAD }),
    status: async (id: number): Promise<Workload> => admin("GET", `/workloads/${id}`),
    stop: async (id: number): Promise<Workload> => admin("POST", `/workloads/${id}/stop`),
    /** The verdict on the copies `ids` (one per workload volume, in its order) on `array`. */
    oracle: async (id: number, array: string, ids: number[]): Promise<Oracle> => admin("GET", `/workloads/${id}/oracle?array=${array}&volumes=${ids.join(",")}`),
    digest: async (array: string, id: number): Promise<string> => (await admin("GET", `/volumes/${array}/${id}/digest`)).digest,
  };
}

/** Business volumes on site-a, named, small (the copies are quick): their volume_ids in NAMES order. */
async function businessVolumes(c: SuiteCtx): Promise<number[]> {
  const ids: number[] = [];
  for (const name of NAMES) {
    const job = await c.sim.api(BUSINESS).job("POST", "/volume", { name, capacity: 1024, tpp_id: 0 });
    ids.push(Number(String(job.resource_href_list[0]).split("/").pop()));
  }
  return ids;
}

type Member = { volume: number; mirror: number; status: string; phase: string; direction: string };
type Cut = { consistent: boolean; through: string; copySessionIds: number[] };

describe("e2e example: dr-group (three volumes, one consistency group, dependent writes judged by the oracle)", function () {
  const ctx = e2eSuite(this, "dr-group", { example: "dr-group" });
  const wl = workloads(ctx);
  let business: number[] = [];
  let mirrors: number[] = [];
  let writer = 0;
  const outputs = async () => {
    const o = await ctx().p.outputs();
    const sessions = o.sessions as Member[];
    return { sessions, byVolume: business.map((b) => sessions.find((s) => s.volume === b)!), suspended: o.suspended as boolean, lastCut: o.lastCut as Cut | undefined };
  };
  const states = (ms: Member[]) => ms.map((m) => `${m.status}/${m.phase}/${m.direction}`);
  /** The oracle on the mirrors: consistent, and holding every write acknowledged before `ackedBefore` was read. */
  const assertMirrorsConsistent = async (what: string, ackedBefore: number): Promise<Oracle> => {
    const v = await wl.oracle(writer, DR, mirrors);
    assert.strictEqual(v.consistent, true, `${what}: ${JSON.stringify(v)}`);
    assert.ok(v.cut !== null && v.cut >= ackedBefore - 1, `${what}: cut ${v.cut} misses writes acknowledged before (${ackedBefore})`);
    return v;
  };

  /** `pulumi config set key value` and `pulumi up`: the outputs, and the writes acknowledged before the up. */
  const upWith = async (key: string, value: string) => {
    await ctx().p.configSet(key, value);
    const before = (await wl.status(writer)).acknowledged_writes;
    await ctx().p.up();
    return { o: await outputs(), before };
  };

  it("up: one group over three volumes, Equivalent; the workload runs and the mirrors follow it", async function () {
    const c = ctx();
    business = await businessVolumes(c);
    for (const [i, name] of NAMES.entries()) {
      await c.p.configSet(`volumes[${i}].volumeName`, name, { path: true });
      await c.p.configSet(`volumes[${i}].mirrorName`, `${name}_mirror`, { path: true });
    }
    await c.p.up();
    const o = await outputs();
    assert.deepStrictEqual(states(o.byVolume), NAMES.map(() => "Active/Equivalent/Forward"));
    mirrors = o.byVolume.map((m) => m.mirror);
    writer = (await wl.start(BUSINESS, business)).id;
    const acked = (await wl.status(writer)).acknowledged_writes;
    assert.ok(acked > 0);
    await assertMirrorsConsistent("Synchronous, Equivalent", acked);
  });

  it("drill: suspended: true is ONE multi-suspend; the mirrors are one point in time while the business writes on; resume", async function () {
    const c = ctx();
    const { o, before } = await upWith("suspended", "true");
    assert.strictEqual(o.suspended, true);
    assert.strictEqual(o.lastCut?.consistent, true, JSON.stringify(o.lastCut));
    assert.strictEqual(o.lastCut?.through, "source");
    const v = await assertMirrorsConsistent("drill", before);
    assert.strictEqual(new Set(v.evidence.map((e) => e.suspended_at)).size, 1, `one instant: ${JSON.stringify(v.evidence)}`);
    assert.ok((await wl.status(writer)).acknowledged_writes - 1 > (v.cut ?? 0), "the business wrote on after the cut (the workload ran through the drill)");
    await c.p.configSet("suspended", "false");
    await c.p.up();
    assert.deepStrictEqual(states((await outputs()).byVolume), NAMES.map(() => "Active/Equivalent/Forward"));
    await assertMirrorsConsistent("resumed", (await wl.status(writer)).acknowledged_writes);
  });

  it("failover with both sites up mid-workload: one normal multi-suspend, consistent; DR writes; failback brings them home", async function () {
    const c = ctx();
    const { o, before } = await upWith("failover", "true");
    assert.deepStrictEqual([o.lastCut?.consistent, o.lastCut?.through], [true, "source"]);
    assert.deepStrictEqual(o.byVolume.map((m) => m.status), NAMES.map(() => "Suspend"));
    await assertMirrorsConsistent("planned failover", before);
    // The application moves: it stops at the business site and writes the mirrors at the DR site.
    await wl.stop(writer);
    writer = (await wl.start(DR, mirrors)).id;
    await wl.status(writer);
    const atDr = await wl.stop(writer);
    assert.ok(atDr.acknowledged_writes > 0);
    const mirrorDigests = await Promise.all(mirrors.map((m) => wl.digest(DR, m)));
    await c.p.configSet("failover", "false");
    await c.p.up();
    assert.deepStrictEqual(states((await outputs()).byVolume), NAMES.map(() => "Active/Equivalent/Forward"));
    for (const [i, b] of business.entries()) assert.strictEqual(await wl.digest(BUSINESS, b), mirrorDigests[i], `${NAMES[i]}: every DR write came home`);
    const home = await wl.oracle(writer, BUSINESS, business);
    assert.deepStrictEqual([home.consistent, home.cut], [true, atDr.acknowledged_writes - 1], JSON.stringify(home));
  });

  it("the business site is lost mid-workload: failover forces ONE multi-suspend through the DR array; no acknowledged write lost", async function () {
    const c = ctx();
    writer = (await wl.start(BUSINESS, business)).id;
    await wl.status(writer);
    await c.sim.handle.outage(BUSINESS, SITE_LOSS);
    const stalled = await wl.status(writer);
    assert.strictEqual(stalled.state, "stalled", JSON.stringify(stalled));
    const atLoss = await Promise.all(business.map((b) => wl.digest(BUSINESS, b)));
    await c.p.configSet("failover", "true");
    const r = await c.p.up();
    assert.match(r.stdout + r.stderr, /FORCED/);
    const o = await outputs();
    assert.deepStrictEqual([o.lastCut?.consistent, o.lastCut?.through], [true, "destination"], JSON.stringify(o.lastCut));
    const v = await wl.oracle(writer, DR, mirrors);
    assert.deepStrictEqual([v.consistent, v.cut], [true, stalled.acknowledged_writes - 1], `every acknowledged write, none after: ${JSON.stringify(v)}`);
    for (const [i, m] of mirrors.entries()) assert.strictEqual(await wl.digest(DR, m), atLoss[i], `${NAMES[i]}: the mirror holds what the business volume acknowledged`);
  });

  it("the site returns: failback, then destroy leaves only the business volumes", async function () {
    const c = ctx();
    await c.sim.handle.restore(BUSINESS);
    await c.p.refresh();
    await c.p.configSet("failover", "false");
    await c.p.up();
    assert.deepStrictEqual(states((await outputs()).byVolume), NAMES.map(() => "Active/Equivalent/Forward"));
    await c.p.destroy();
    assert.deepStrictEqual(await leftovers(c, { [BUSINESS]: ["business_vol01", ...NAMES] }), []);
  });
});

describe("e2e negative proof: three single MirroredVolumes failed over together are NOT one point in time", function () {
  const ctx = e2eSuite(this, "dr-group-negative", { example: "dr-failover" });
  const wl = workloads(ctx);

  it("failover: true on each (examples/dr-failover): one suspend per session; the oracle rejects the mirrors", async function () {
    const c = ctx();
    const business = await businessVolumes(c);
    for (const [i, name] of NAMES.entries()) {
      await c.p.configSet(`businessVolumes[${i}].name`, `${name}_mirror`, { path: true });
      await c.p.configSet(`businessVolumes[${i}].volumeId`, String(business[i]), { path: true });
    }
    await c.p.up();
    const writer = (await wl.start(BUSINESS, business)).id;
    await c.p.configSet("failover", "true");
    await c.p.up();
    const mirrors = (await c.p.outputs()).mirrors as Record<string, { mirrorVolumeId: number; status: string }>;
    const ids = NAMES.map((n) => mirrors[`${n}_mirror`]);
    assert.deepStrictEqual(ids.map((m) => m.status), NAMES.map(() => "Suspend"));
    const v = await wl.oracle(writer, DR, ids.map((m) => m.mirrorVolumeId));
    assert.strictEqual(v.consistent, false, JSON.stringify(v));
    assert.match(v.reason ?? "", /lacks the earlier write/);
    // Each mirror alone is a clean prefix of its volume's writes: what fails is only the set.
    assert.deepStrictEqual(v.evidence.map((e) => e.prefix), NAMES.map(() => true));
  });
});
