/** provider/client/client-registry.ts: one client per connection per process, logged out when the last lease ends. */
import { strict as assert } from "node:assert";
import { closeAllClients, getEternusClient, withClientLease } from "../../../provider/client/client-registry";
import type { ArrayConnection } from "../../../provider/client/types";

// Nothing listens here and no request is made: creating and closing a client without a login sends nothing.
const conn: ArrayConnection = { name: "tokyo", endpoint: "https://127.0.0.1:1", username: "u", password: "p1" };

describe("client/client-registry", () => {
  afterEach(() => closeAllClients());

  it("the same connection gets the same client; a changed password or setting gets a new one", () => {
    const a = getEternusClient(conn);
    assert.equal(getEternusClient({ ...conn }), a);
    assert.notEqual(getEternusClient({ ...conn, password: "p2" }), a);
    assert.notEqual(getEternusClient({ ...conn, requestTimeoutSeconds: 5 }), a);
    assert.notEqual(getEternusClient({ ...conn, name: "osaka" }), a);
  });

  it("leases: clients live while any operation runs and are closed when the last one ends", async () => {
    let inner: unknown;
    let outer: unknown;
    const op = withClientLease(async (nested: boolean) => {
      const c = getEternusClient(conn);
      if (nested) {
        inner = await withClientLease(async () => getEternusClient(conn))();
        assert.equal(getEternusClient(conn), c, "the inner lease's end does not close the outer operation's client");
      }
      return c;
    });
    outer = await op(true);
    assert.equal(inner, outer);
    assert.notEqual(getEternusClient(conn), outer, "after the last lease a new client is created");
  });

  it("a lease passes the result and the error through, and still closes", async () => {
    assert.equal(await withClientLease(async (x: number) => x + 1)(1), 2);
    const c = getEternusClient(conn);
    await assert.rejects(withClientLease(async () => { throw new Error("boom"); })(), /boom/);
    assert.notEqual(getEternusClient(conn), c);
  });

  it("is shared through globalThis (a second copy of the module sees the same clients)", () => {
    const a = getEternusClient(conn);
    const key = Symbol.for("pulumi-eternus-rec.client-registry");
    const r = (globalThis as unknown as Record<symbol, { clients: Map<string, unknown> }>)[key]!;
    assert.ok([...r.clients.values()].includes(a));
  });
});
