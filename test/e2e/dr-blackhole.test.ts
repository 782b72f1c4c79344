/**
 * A failover `pulumi up` with the business site BLACK-HOLED (its port accepts and never answers, as when
 * packets are dropped) under the real CLI: examples/dr-group with three mirrors. The failover cut happens
 * (one forced multi-suspend through the DR array), no resource is replaced or deleted, and the mirrors'
 * RemoteVolume diffs ask the dead site once: the provider remembers that it did not answer (one log line)
 * and the other diffs skip it at once. The up's wall time is printed, never asserted.
 */
import * as assert from "assert";
import { e2eSuite } from "./helpers/suite";

const BUSINESS = "site-a";
const DR = "site-b";
const NAMES = ["bh_data", "bh_log", "bh_archive"];

type Member = { volume: number; mirror: number; status: string };
type Cut = { consistent: boolean; through: string };

/** Operations that would lose or duplicate a volume or a session. */
const DESTRUCTIVE = ["delete", "replace", "create-replacement", "delete-replaced", "create", "discard"];

interface EngineEvent {
  resourcePreEvent?: { metadata: { op: string; urn: string } };
  diagnosticEvent?: { message: string; urn?: string };
  summaryEvent?: { resourceChanges: Record<string, number> };
}

/** `pulumi up --json` prints one engine event per line. */
function engineEvents(stdout: string): EngineEvent[] {
  return stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as EngineEvent);
}

describe("e2e: failover up with the business site black-holed (examples/dr-group, three mirrors)", function () {
  const ctx = e2eSuite(this, "dr-blackhole", { example: "dr-group" });
  let mirrorIds: Record<string, string> = {};

  /** The RemoteVolume ids in state, by resource name. */
  const remoteVolumes = async (): Promise<Record<string, string>> => {
    const state = await ctx().p.exportState();
    const out: Record<string, string> = {};
    for (const r of state.deployment.resources ?? []) {
      if (String(r.type).endsWith(":RemoteVolume")) out[String(r.urn).split("::").pop()!] = String(r.id);
    }
    return out;
  };

  it("up: three mirrors in one group, Equivalent", async function () {
    const c = ctx();
    for (const [i, name] of NAMES.entries()) {
      await c.sim.api(BUSINESS).job("POST", "/volume", { name, capacity: 1024, tpp_id: 0 });
      await c.p.configSet(`volumes[${i}].volumeName`, name, { path: true });
      await c.p.configSet(`volumes[${i}].mirrorName`, `${name}_mirror`, { path: true });
    }
    await c.p.up();
    const sessions = (await c.p.outputs()).sessions as Member[];
    assert.deepStrictEqual(sessions.map((s) => s.status), NAMES.map(() => "Active"));
    mirrorIds = await remoteVolumes();
    assert.strictEqual(Object.keys(mirrorIds).length, NAMES.length);
  });

  it("the business site is black-holed: failover: true -> one forced cut through the DR array; nothing replaced or deleted", async function () {
    const c = ctx();
    await c.sim.handle.outage(BUSINESS, "blackhole");
    await c.p.configSet("failover", "true");
    const r = await c.p.up({ extra: ["--json"] });
    process.stdout.write(`      [e2e] failover up with "${BUSINESS}" black-holed (${NAMES.length} mirrors): ${(r.ms / 1000).toFixed(1)} s\n`);
    const events = engineEvents(r.stdout);
    const steps = events.flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata] : []));
    assert.deepStrictEqual(steps.filter((s) => DESTRUCTIVE.includes(s.op)).map((s) => `${s.op} ${s.urn}`), []);
    assert.deepStrictEqual(steps.filter((s) => s.op === "update").map((s) => s.urn.split("::").pop()), ["db-group"], "the group is the one update");
    assert.deepStrictEqual(events.find((e) => e.summaryEvent)?.summaryEvent?.resourceChanges, { same: steps.length - 1, update: 1 });
    const o = await c.p.outputs();
    const cut = o.lastCut as Cut;
    assert.deepStrictEqual([cut.consistent, cut.through], [true, "destination"], JSON.stringify(cut));
    assert.deepStrictEqual((o.sessions as Member[]).map((s) => s.status), NAMES.map(() => "Suspend"));
    assert.deepStrictEqual(await remoteVolumes(), mirrorIds, "the mirror volumes are the same resources with the same ids");
    const mirrors = await c.sim.api(DR).volumes();
    for (const name of NAMES) assert.ok(mirrors.some((v) => v.name === `${name}_mirror`), `${name}_mirror is still on ${DR}`);
    const lines = events.flatMap((e) => (e.diagnosticEvent ? [e.diagnosticEvent.message] : []));
    assert.ok(lines.some((l) => /one POST \/copysession\/suspend on "site-b" \(FORCED\)/.test(l)), lines.join(""));
    const noted = lines.filter((l) => /array "site-a" did not answer within \d+ s; not asked again for \d+ s/.test(l));
    assert.strictEqual(noted.length, 1, `one line says the provider remembers "${BUSINESS}" as not answering:\n${lines.join("")}`);
    const skipped = lines.filter((l) => /cannot read the size of sizeFrom volume \d+ on "site-a" \(array "site-a" is not answering/.test(l));
    assert.strictEqual(skipped.length, NAMES.length - 1, "the other mirrors' diffs skipped the silent site");
  });
});
