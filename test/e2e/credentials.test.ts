/**
 * Credential rotation under the real engine. `refresh` and `destroy` run with the provider configuration
 * stored at the last `up`, so after the array password is rotated and stack config updated, a plain
 * refresh still logs in with the old password: the error must say what to run, and the documented ways
 * out must work (`refresh --run-program`, CLI >= v3.274; ETERNUS_<NAME>_PASSWORD wins over config at call
 * time; or one `up` first).
 */
import * as assert from "assert";
import { hashPassword } from "../../simulator/model/passwords";
import { e2eSuite, leftovers, E2E_ARRAY_PASSWORD } from "./helpers/suite";

const ROTATED = "e2e-R0tated-Pa55word-77c1";

describe("e2e: array password rotation", function () {
  const ctx = e2eSuite(this, "rotation", { example: "sync-mirror" });
  const rotate = (to: string) => {
    // The account is world-wide in the simulator: both arrays change at once (what an admin would do).
    const users = ctx().sim.handle.world.users;
    users.set("root", { ...users.get("root")!, passwordHash: hashPassword(to) });
  };

  it("after rotation + config update, plain refresh fails naming the way out; refresh --run-program, the env variable and one up fix it", async function () {
    const c = ctx();
    await c.p.up();
    rotate(ROTATED);
    for (const a of c.sim.arrays) await c.p.configSet(`eternus:arrays.${a.name}.password`, ROTATED, { path: true, secret: true });

    const stale = await c.p.refresh({ allowFailure: true });
    assert.notStrictEqual(stale.code, 0, "refresh with the stored (old) configuration is refused by the array");
    const text = stale.stdout + stale.stderr;
    assert.match(text, /login as user "root" was refused/);
    assert.match(text, /After a password rotation, run pulumi refresh --run-program or pulumi destroy --run-program \(they use the current stack config\)/);
    assert.match(text, /without --run-program they use the configuration stored at the last pulumi up/);
    assert.match(text, /ETERNUS_SITE_A_PASSWORD|ETERNUS_SITE_B_PASSWORD/);
    assert.ok(!text.includes(ROTATED) && !text.includes(E2E_ARRAY_PASSWORD), "no password in the output");

    const viaEnv = await c.p.refresh({ env: { ETERNUS_SITE_A_PASSWORD: ROTATED, ETERNUS_SITE_B_PASSWORD: ROTATED } });
    assert.strictEqual(viaEnv.code, 0);

    // The way the login error names first: the program registers the provider with the current config.
    const runProgram = await c.p.refresh({ extra: ["--run-program"] });
    assert.strictEqual(runProgram.code, 0);

    await c.p.up();
    await c.p.refresh(); // the new configuration is stored now
    await c.p.destroy();
    rotate(E2E_ARRAY_PASSWORD); // the suite's own admin calls log in with it
    assert.deepStrictEqual(await leftovers(c, { "site-a": ["business_vol01"] }), []);
  });
});
