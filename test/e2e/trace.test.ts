/**
 * The trace for support under the real engine: `eternus:trace` set in stack config makes preview, up,
 * refresh and destroy append every REST exchange, redacted, to that file (docs/real-array.md#6-the-trace).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { e2eSuite, leftovers, E2E_ARRAY_PASSWORD } from "./helpers/suite";

interface Line { array: string; method: string; path: string; label?: string; status: number; request?: unknown; response?: unknown }

describe("e2e: the trace (eternus:trace)", function () {
  const ctx = e2eSuite(this, "trace", { example: "sync-mirror" });

  it("preview, up, refresh and destroy write the redacted exchanges; no password, no token, no login body", async function () {
    const c = ctx();
    const file = path.join(c.workDir, "eternus-trace.jsonl");
    await c.p.configSet("eternus:trace", file);
    const counts: number[] = [];
    const lines = (): Line[] => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Line) : []);
    await c.p.up();
    counts.push(lines().length);
    // A preview calls the arrays only for what it reads (MirroredVolume sizes its mirror from the source).
    await c.p.preview();
    counts.push(lines().length);
    await c.p.refresh();
    counts.push(lines().length);
    await c.p.destroy();
    counts.push(lines().length);
    assert.ok(counts.every((n, i) => n > (i === 0 ? 0 : counts[i - 1]!)), `every command appends (${counts.join(", ")})`);
    const all = lines();
    assert.ok(all.some((l) => l.method === "POST" && l.path === "/api/v1/copysession/rec" && l.status === 202), "the REC create is traced");
    assert.ok(all.some((l) => l.method === "DELETE" && /^\/api\/v1\/copysession\/\d+/.test(l.path)), "the delete is traced");
    for (const l of all.filter((x) => x.label === "login" || x.label === "refresh")) assert.strictEqual(l.request ?? l.response, undefined);
    const text = fs.readFileSync(file, "utf8");
    assert.ok(!text.includes(E2E_ARRAY_PASSWORD), "no password");
    assert.ok(!/"(token|refresh_token|password)":"(?!\[REDACTED\])/.test(text), "no credential member in clear");
    assert.deepStrictEqual(await leftovers(c, { "site-a": ["business_vol01"] }), []);
  });
});
