/**
 * provider/client/client-registry.ts: one client per connection per process, logged in once for the whole
 * engine run; logged out after IDLE_LOGOUT_MS without an operation, on SIGINT/SIGTERM and on beforeExit.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as path from "node:path";
import {
  IDLE_LOGOUT_MS, closeAllClients, getEternusClient, idleLogoutAt, idleLogoutSettled, openClientCount, setRegistryRuntime, withClientLease,
} from "../../../provider/client/client-registry";
import type { ArrayConnection } from "../../../provider/client/types";
import { startSimulator, type SimulatorHandle } from "../../../simulator";
import { ManualRuntime } from "../../helpers/manual-runtime";

// Nothing listens here and no request is made: creating and closing a client without a login sends nothing.
const conn: ArrayConnection = { name: "tokyo", endpoint: "https://127.0.0.1:1", username: "u", password: "p1" };

describe("client/client-registry", () => {
  let rt: ManualRuntime;
  beforeEach(() => { rt = new ManualRuntime(); setRegistryRuntime(rt); });
  afterEach(async () => { await closeAllClients(); setRegistryRuntime(undefined); });

  it("the same connection gets the same client; a changed password or setting gets a new one", () => {
    const a = getEternusClient(conn);
    assert.equal(getEternusClient({ ...conn }), a);
    assert.notEqual(getEternusClient({ ...conn, password: "p2" }), a);
    assert.notEqual(getEternusClient({ ...conn, requestTimeoutSeconds: 5 }), a);
    assert.notEqual(getEternusClient({ ...conn, name: "osaka" }), a);
  });

  it("clients outlive operations; the idle timer runs only while no operation does", async () => {
    const op = withClientLease(async () => {
      assert.equal(idleLogoutAt(), undefined, "no idle logout is pending while an operation runs");
      return getEternusClient(conn);
    });
    const first = await op();
    assert.equal(idleLogoutAt(), rt.now() + IDLE_LOGOUT_MS, "the last operation's end starts the idle timer");
    assert.equal(await op(), first, "the next operation gets the same (still logged-in) client");
    assert.equal(idleLogoutAt(), rt.now() + IDLE_LOGOUT_MS, "a new operation cancels the pending timer; its end arms a new one");
    rt.advance(IDLE_LOGOUT_MS - 1);
    assert.equal(openClientCount(), 1, "not idle long enough yet");
    rt.advance(1);
    await idleLogoutSettled();
    assert.equal(openClientCount(), 0, "idle: every client is closed");
    assert.notEqual(await op(), first, "after the idle logout a new client is created");
  });

  it("overlapping operations: the idle timer starts only when the last one ends", async () => {
    let release!: () => void;
    const slow = withClientLease(() => new Promise<void>((resolve) => { getEternusClient(conn); release = resolve; }));
    const running = slow();
    await withClientLease(async () => getEternusClient(conn))();
    assert.equal(idleLogoutAt(), undefined, "one operation still runs");
    release();
    await running;
    assert.equal(idleLogoutAt(), rt.now() + IDLE_LOGOUT_MS);
  });

  it("a lease passes the result and the error through", async () => {
    assert.equal(await withClientLease(async (x: number) => x + 1)(1), 2);
    await assert.rejects(withClientLease(async () => { getEternusClient(conn); throw new Error("boom"); })(), /boom/);
    assert.notEqual(idleLogoutAt(), undefined, "a failed operation's end starts the idle timer too");
  });

  it("is shared through globalThis (a second copy of the module sees the same clients)", () => {
    const a = getEternusClient(conn);
    const key = Symbol.for("pulumi-eternus-rec.client-registry");
    const r = (globalThis as unknown as Record<symbol, { clients: Map<string, unknown> }>)[key]!;
    assert.ok([...r.clients.values()].includes(a));
  });
});

describe("client/client-registry against the simulator: logins", function () {
  this.timeout(30_000);
  let sim: SimulatorHandle;
  let c: ArrayConnection;
  let rt: ManualRuntime;
  const array = () => sim.world.array(sim.arrays[0]!.name);
  const loginsSoFar = () => array().nextAuthSessionId;
  before(async () => {
    sim = await startSimulator({ http: true, arrays: ["site-a"], log: () => undefined });
    c = { name: "site-a", endpoint: sim.arrays[0]!.url, username: "root", password: "root", allowHttp: true };
  });
  beforeEach(() => { rt = new ManualRuntime(); setRegistryRuntime(rt); });
  afterEach(async () => { await closeAllClients(); setRegistryRuntime(undefined); });
  after(() => sim.close());

  it("ten operations in sequence and two in parallel log in once; the idle logout ends the REST session", async () => {
    const before = loginsSoFar();
    const op = withClientLease(async () => getEternusClient(c).getStorageSystem());
    for (let i = 0; i < 10; i++) await op();
    await Promise.all([op(), op()]);
    assert.equal(loginsSoFar() - before, 1, "one login for all operations");
    assert.equal(array().authSessions.size, 1, "the session stays open between operations");
    rt.advance(IDLE_LOGOUT_MS);
    await idleLogoutSettled();
    assert.equal(array().authSessions.size, 0, "the idle logout ended the REST session");
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} (how the engine closes a plugin): the process logs out, then ends by the signal`, async () => {
      const child = childWithClient(c, { keepAlive: true });
      await child.ready;
      assert.equal(array().authSessions.size, 1, "the child is logged in");
      child.proc.kill(signal);
      const exit = await child.exited;
      assert.deepEqual(exit, { code: null, signal }, "ends by the signal, as without a handler");
      assert.equal(array().authSessions.size, 0, "no REST login left open");
    });
  }

  it("beforeExit (a host whose event loop drains): logged out before the process ends", async () => {
    const child = childWithClient(c, { keepAlive: false });
    await child.ready;
    const exit = await child.exited;
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.equal(array().authSessions.size, 0, "no REST login left open");
  });
});

/** A node process that logs in through the registry (one request inside a lease), then says "ready". */
function childWithClient(c: ArrayConnection, o: { keepAlive: boolean }) {
  const registryJs = path.join(__dirname, "../../../provider/client/client-registry.js");
  const script = `
    const r = require(${JSON.stringify(registryJs)});
    r.withClientLease(async () => r.getEternusClient(${JSON.stringify(c)}).getStorageSystem())().then(() => {
      process.stdout.write("ready\\n");
      ${o.keepAlive ? "setInterval(() => undefined, 1000);" : ""}
    });`;
  const proc = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "ignore"] }); // stderr: the plain-HTTP warning
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on("data", (d: Buffer) => { if (d.toString().includes("ready")) resolve(); });
    proc.once("exit", () => reject(new Error("the child ended before it was ready")));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
  return { proc, ready, exited };
}
