/**
 * A failover `pulumi up` with the business site BLACK-HOLED (its port accepts and never answers, as when
 * packets are dropped) under the real CLI: examples/dr-group with three mirrors. The failover cut happens
 * (one forced multi-suspend through the DR array), no resource is replaced or deleted, and the mirrors'
 * RemoteVolume diffs ask the dead site once: the provider remembers that it did not answer (one log line)
 * and the other diffs skip it at once. The up's wall time is printed, never asserted.
 */
import * as assert from "assert";
import { parsePreviewJson } from "../helpers/pulumi-cli";
import { e2eSuite } from "./helpers/suite";

const BUSINESS = "site-a";
const DR = "site-b";
const NAMES = ["bh_data", "bh_log", "bh_archive"];

type Member = { volume: number; mirror: number; status: string };
type Cut = { consistent: boolean; through: string };

/** Operations that would lose or duplicate a volume or a session. */
const DESTRUCTIVE = ["delete", "replace", "create-replacement", "delete-replaced", "create", "discard"];

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
    const doc = parsePreviewJson(r.stdout);
    const destructive = doc.steps.filter((s) => DESTRUCTIVE.includes(s.op)).map((s) => `${s.op} ${s.urn}`);
    assert.deepStrictEqual(destructive, [], JSON.stringify(doc.changeSummary));
    const o = await c.p.outputs();
    const cut = o.lastCut as Cut;
    assert.deepStrictEqual([cut.consistent, cut.through], [true, "destination"], JSON.stringify(cut));
    assert.deepStrictEqual((o.sessions as Member[]).map((s) => s.status), NAMES.map(() => "Suspend"));
    assert.deepStrictEqual(await remoteVolumes(), mirrorIds, "the mirror volumes are the same resources with the same ids");
    const mirrors = await c.sim.api(DR).volumes();
    for (const name of NAMES) assert.ok(mirrors.some((v) => v.name === `${name}_mirror`), `${name}_mirror is still on ${DR}`);
    const text = r.stdout + r.stderr;
    const noted = text.match(/did not answer within \d+ s; not asked again for \d+ s/g) ?? [];
    assert.strictEqual(noted.length, 1, `one line says the provider remembers "${BUSINESS}" as not answering:\n${text}`);
  });
});
