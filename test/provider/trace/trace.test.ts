/**
 * The trace for support: `eternus:trace` (or ETERNUS_TRACE) makes the provider's REST clients append every
 * exchange, redacted, to that file; the transcript writer redacts credential members and configured secrets.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configureProvider, resolveArray } from "../../../provider/config";
import { closeAllClients, getEternusClient } from "../../../provider/client/client-registry";
import { configureTrace, traceHook, TRACE_CONFIG_KEY } from "../../../provider/trace/trace";
import { REDACTED, redactDeep, TranscriptWriter } from "../../../provider/trace/transcript";
import { startSimulator, SimulatorHandle } from "../../../simulator";

const PASSWORD = "trace-Secret-pw-5521";

describe("trace/transcript", () => {
  it("redacts credential members at any depth and every secret text, without touching the input", () => {
    const input = { user_name: "root", password: "pw", nested: [{ token: "t-123", refresh_token: "r", note: `x ${PASSWORD} y` }], Authorization: "Bearer abc" };
    const out = redactDeep(input, [PASSWORD]) as typeof input;
    assert.equal(out.password, REDACTED);
    assert.equal(out.nested[0]!.token, REDACTED);
    assert.equal(out.nested[0]!.refresh_token, REDACTED);
    assert.equal(out.nested[0]!.note, `x ${REDACTED} y`);
    assert.equal(out.Authorization, REDACTED);
    assert.equal(input.password, "pw");
  });

  it("appends one JSON line per exchange and note", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "transcript-")), "t.jsonl");
    const w = new TranscriptWriter(file, () => [PASSWORD]);
    w.exchange({ array: "a", method: "GET", path: `/api/v1/volume?name=${PASSWORD}`, status: 200, ms: 1, response: { ok: 1 } });
    w.note("step");
    const lines = fs.readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines[0]!.path, `/api/v1/volume?name=${REDACTED}`);
    assert.equal(lines[1]!.kind, "note");
  });
});

describe("trace: eternus:trace during provider operations", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ http: true, password: PASSWORD, jobLatencyMs: 5, log: () => undefined });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trace-"));
  });
  after(async () => {
    await closeAllClients();
    configureTrace(undefined, []);
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is off unless configured", () => {
    configureTrace(undefined, []);
    assert.equal(traceHook({}), undefined);
    assert.ok(traceHook({ ETERNUS_TRACE: path.join(dir, "env.jsonl") }));
  });

  it("the config key makes the registry's clients write every exchange, with no password or token in the file", async () => {
    const file = path.join(dir, "trace.jsonl");
    const arrays = JSON.stringify({ "site-a": { endpoint: sim.arrays[0]!.url, username: "root", password: PASSWORD, allowHttp: true } });
    const shell = {};
    configureProvider(shell, { config: { get: (k: string) => ({ "eternus:arrays": arrays, [TRACE_CONFIG_KEY]: file } as Record<string, string>)[k] } });
    const { configOf } = await import("../../../provider/config");
    const client = getEternusClient(resolveArray(configOf(shell), "site-a", {}));
    const v = await client.createVolume({ name: "traced_vol", capacityMb: 100, tppId: 0 });
    await client.deleteVolume(v.volume_id);
    const tokens = [...sim.world.arrays.get("site-a")!.authSessions.values()].flatMap((x) => [x.token, x.refreshToken ?? ""]).filter(Boolean);
    assert.ok(tokens.length > 0, "the client is logged in");
    await closeAllClients();
    const text = fs.readFileSync(file, "utf8");
    const lines = text.trim().split("\n").map((l) => JSON.parse(l) as { method: string; path: string; label?: string; request?: unknown; response?: unknown });
    assert.ok(lines.some((l) => l.label === "login" && l.request === undefined && l.response === undefined), "a login's bodies are never written");
    assert.ok(lines.some((l) => l.method === "POST" && l.path === "/api/v1/volume" && JSON.stringify(l.request).includes("traced_vol")));
    assert.ok(lines.some((l) => l.label === "logout"));
    assert.ok(!text.includes(PASSWORD));
    for (const t of tokens) assert.ok(!text.includes(t), "no token in the trace");
  });
});
