/** provider/resources/common/read-sweep.ts on a fake client and the manual clock. */
import { strict as assert } from "assert";
import type { EternusClient } from "../../../../provider/client/types";
import { SWEEP_REUSE_MS, sweptRead } from "../../../../provider/resources/common/read-sweep";
import { ManualRuntime } from "../../../helpers/manual-runtime";

interface Item { id: number; v: string }

function fake(rt: ManualRuntime, items: Item[]) {
  const calls: string[] = [];
  const client = { mutations: 0 } as unknown as EternusClient & { mutations: number };
  let listFails = false;
  const src = {
    client, now: rt.now, idOf: (x: Item) => x.id,
    list: async () => { calls.push("list"); if (listFails) throw new Error("503"); return items.map((x) => ({ ...x })); },
    single: async (id: number) => { calls.push(`get ${id}`); return items.find((x) => x.id === id); },
  };
  return { client, calls, read: (id: number) => sweptRead("item", src, id, {}), failLists: () => { listFails = true; } };
}

describe("common/read-sweep", () => {
  it("a read alone reads its own item; reads close together share one sweep", async () => {
    const rt = new ManualRuntime();
    const f = fake(rt, [1, 2, 3, 4].map((id) => ({ id, v: `v${id}` })));
    assert.equal((await f.read(1))?.v, "v1");
    assert.deepEqual(f.calls, ["get 1"]);
    const got = await Promise.all([2, 3, 4].map((id) => f.read(id)));
    assert.deepEqual(got.map((x) => x?.v), ["v2", "v3", "v4"]);
    assert.deepEqual(f.calls, ["get 1", "list"], "one sweep for the reads that followed");
    rt.advance(SWEEP_REUSE_MS - 1);
    await f.read(1);
    assert.deepEqual(f.calls, ["get 1", "list"], "still fresh");
    rt.advance(SWEEP_REUSE_MS * 2);
    await f.read(1);
    assert.deepEqual(f.calls, ["get 1", "list", "get 1"], "stale and alone: its own read");
  });

  it("an id the sweep does not list is read on its own before it is called gone", async () => {
    const rt = new ManualRuntime();
    const items = [{ id: 1, v: "a" }];
    const f = fake(rt, items);
    await f.read(1);
    await f.read(1); // sweep
    items.push({ id: 9, v: "late" }); // created after the sweep (by someone else)
    assert.equal((await f.read(9))?.v, "late");
    assert.equal((await f.read(7)), undefined);
    assert.deepEqual(f.calls, ["get 1", "list", "get 9", "get 7"]);
  });

  it("a mutation by the client makes the sweep stale; a failed sweep falls back to single reads", async () => {
    const rt = new ManualRuntime();
    const f = fake(rt, [{ id: 1, v: "a" }, { id: 2, v: "b" }]);
    await f.read(1);
    await f.read(2); // sweep
    f.client.mutations++;
    await f.read(2);
    assert.deepEqual(f.calls, ["get 1", "list", "list"], "a new sweep after the mutation (reads still come together)");
    f.client.mutations++;
    f.failLists();
    assert.equal((await f.read(2))?.v, "b");
    assert.deepEqual(f.calls.slice(3), ["list", "get 2"]);
  });
});
