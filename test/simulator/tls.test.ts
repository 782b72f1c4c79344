/**
 * node-forge is the simulator's (optional) dependency: tls.ts loads it on first use, so programs that use
 * the provider never load it. Each case runs in a fresh Node process, since this one has loaded the simulator.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const DIST = path.resolve(__dirname, "../..");

/** Requires `modules` (paths under dist/) in a fresh process, runs `then`, and says whether node-forge got loaded. */
function loadsForge(modules: string[], then = ""): boolean {
  const script = `
    for (const m of ${JSON.stringify(modules.map((m) => path.join(DIST, m)))}) require(m);
    Promise.resolve((async () => { ${then} })()).then(() => {
      const forge = Object.keys(require.cache).some((k) => k.includes(require("path").sep + "node-forge" + require("path").sep));
      process.stdout.write(JSON.stringify({ forge }));
      process.exit(0);
    }, (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 50_000 });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { forge: boolean }).forge;
}

describe("tls: node-forge stays with the simulator", function () {
  this.timeout(60_000);

  it("requiring the provider entry and the package index does not load node-forge", () => {
    assert.equal(loadsForge(["provider/entry.js", "provider/index.js"]), false);
  });

  it("the simulator loads it only for HTTPS: --http does not, the generated CA does", () => {
    const start = (http: boolean) => `
      const { startSimulator } = require(${JSON.stringify(path.join(DIST, "simulator/index.js"))});
      const sim = await startSimulator({ http: ${http}, log: () => undefined });
      await sim.close();`;
    assert.equal(loadsForge(["simulator/index.js"], start(true)), false);
    assert.equal(loadsForge([], start(false)), true, "the positive control: HTTPS does load it");
  });
});
