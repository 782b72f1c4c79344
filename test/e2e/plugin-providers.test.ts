/**
 * Explicit provider instances with the provider plugin (YAML), against TWO simulators whose arrays have
 * the SAME names (site-a, site-b) at different endpoints: `pulumi:providers:eternus` "east" and "west",
 * each with its own `arrays` (the passwords from one secret stack config value), each used by one mirror
 * (RemoteVolume + RecSyncSession) through the `provider` resource option. Each mirror lands on its own
 * provider's simulator and nowhere else; no password is in the state in plaintext; a second preview shows
 * no changes; destroy empties both. A MirroredVolume component given the "west" provider (built by the
 * plugin's Construct) puts its children on west's arrays only: the component passes its provider on.
 *
 * What this shows about the per-process state (client registry, keyed locks, session slots, configured
 * arrays): the engine runs one plugin process per provider instance, so each instance has its own. Were
 * the two instances one process, the second Configure would replace the first's arrays and one mirror
 * would land on the wrong simulator. (docs/plugin-providers.md: what does NOT hold across instances.)
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { cleanupAfterSuite, PLUGIN_BLOCK, pluginProject } from "./helpers/plugin";
import { startE2eSimulator, type E2eSim } from "./helpers/sim";
import { assertNoChanges, E2E_ARRAY_PASSWORD } from "./helpers/suite";
import type { PulumiProject } from "../helpers/pulumi-cli";

type Sims = Record<"east" | "west", E2eSim>;

function providerBlock(name: string, sim: E2eSim): string {
  const arrays = sim.arrays.map((a) => `        ${a.name}:
          endpoint: ${a.url}
          username: root
          password: \${arrayPassword}
${a.caCertFile ? `          caCertFile: ${a.caCertFile}\n` : ""}`).join("");
  return `  ${name}:
    type: pulumi:providers:eternus
    properties:
      arrays:
${arrays}`;
}

function mirrorBlock(name: string, volumeName: string): string {
  return `  ${name}Mirror:
    type: eternus:index:RemoteVolume
    properties:
      array: site-b
      name: ${volumeName}
      sizeFrom:
        array: site-a
        volumeId: 100000
      tppId: 0
    options:
      provider: \${${name}}
  ${name}Rec:
    type: eternus:index:RecSyncSession
    properties:
      sourceArray: site-a
      sourceVolumeId: 100000
      destinationArray: site-b
      destinationVolumeId: \${${name}Mirror.volumeId}
      transferMode: Synchronous
    options:
      provider: \${${name}}
`;
}

function program(sims: Sims): string {
  return `name: plugin-providers
runtime: yaml
${PLUGIN_BLOCK}config:
  arrayPassword:
    type: string
    secret: true
resources:
${providerBlock("east", sims.east)}${providerBlock("west", sims.west)}${mirrorBlock("east", "east_m")}${mirrorBlock("west", "west_m")}  westDb:
    type: eternus:index:MirroredVolume
    properties:
      source: { array: site-a, volumeId: 100000 }
      destination: { array: site-b, tppId: 0, name: west_db }
    options:
      provider: \${west}
outputs:
  westDbSession: \${westDb.copySessionId}
  eastSession: \${eastRec.copySessionId}
  westSession: \${westRec.copySessionId}
  eastPhase: \${eastRec.phase}
  westPhase: \${westRec.phase}
`;
}

describe("e2e: two explicit eternus provider instances (YAML), arrays of the same names on two simulators", function () {
  this.timeout(15 * 60_000);
  const sims = {} as Sims;
  let p: PulumiProject;
  let dir: string;
  let workDir: string;

  before(async function () {
    ({ p, dir, workDir } = pluginProject(this, "plugin-providers", "pulumi-language-yaml"));
    sims.east = await startE2eSimulator(path.join(workDir, "sim-east"), { password: E2E_ARRAY_PASSWORD });
    sims.west = await startE2eSimulator(path.join(workDir, "sim-west"), { password: E2E_ARRAY_PASSWORD });
    assert.notStrictEqual(sims.east.arrays[0].url, sims.west.arrays[0].url);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program(sims));
    await p.init();
    await p.configSet("arrayPassword", E2E_ARRAY_PASSWORD, { secret: true });
  });
  cleanupAfterSuite("plugin-providers", () => ({ workDir, close: async () => { await sims.east?.close(); await sims.west?.close(); } }));

  it("up: each mirror is on its own provider's arrays only; both Equivalent; no plaintext password in state", async () => {
    await p.up();
    const o = await p.outputs();
    assert.strictEqual(o.eastPhase, "Equivalent");
    assert.strictEqual(o.westPhase, "Equivalent");
    for (const [name, other] of [["east", "west"], ["west", "east"]] as const) {
      const sim = sims[name];
      assert.ok(await sim.api("site-b").volumeByName(`${name}_m`), `${name}_m on the ${name} simulator`);
      assert.strictEqual(await sim.api("site-b").volumeByName(`${other}_m`), undefined, `${other}_m not on the ${name} simulator`);
      const own = name === "west" ? [o.westSession, o.westDbSession] : [o.eastSession];
      assert.deepStrictEqual((await sim.api("site-a").sessions()).map((s) => s.copysession_id).sort(), (own as number[]).sort());
    }
    assert.ok(await sims.west.api("site-b").volumeByName("west_db"), "the component's mirror is on west");
    assert.strictEqual(await sims.east.api("site-b").volumeByName("west_db"), undefined, "and not on east");
    const state = JSON.stringify(await p.exportState());
    assert.ok(!state.includes(E2E_ARRAY_PASSWORD), "the array password is stored encrypted only");
    const providers = (JSON.parse(state) as { deployment: { resources?: Array<{ type: string }> } }).deployment.resources?.filter((r) => r.type === "pulumi:providers:eternus") ?? [];
    assert.strictEqual(providers.length, 2);
  });

  it("a second preview shows no changes (each provider's Diff and Read against its own arrays)", async () => {
    assertNoChanges(await p.preview(), "after up");
    await p.refreshExpectNoChanges();
  });

  it("destroy empties both simulators", async () => {
    await p.destroy();
    for (const name of ["east", "west"] as const) {
      assert.deepStrictEqual(await sims[name].api("site-a").sessions(), []);
      assert.strictEqual(await sims[name].api("site-b").volumeByName(`${name}_m`), undefined);
    }
    assert.strictEqual(await sims.west.api("site-b").volumeByName("west_db"), undefined);
  });
});
