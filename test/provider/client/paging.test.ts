/** provider/client/paging.ts: next_href following and its guards (repeats, empty pages, page cap). */
import { strict as assert } from "node:assert";
import type { ApiRequest } from "../../../provider/api/request";
import type { ListPage } from "../../../provider/api/schema-kit";
import { EternusApiError } from "../../../provider/client/errors";
import { MAX_PAGES, collectPages, nextHrefPath } from "../../../provider/client/paging";
import { fakeRuntime } from "./helpers/fake-runtime";
import { LOGIN, ScriptedTransport, loginOk, scriptedClient } from "./helpers/scripted-transport";

const first: ApiRequest = { method: "GET", path: "/api/v1/copysession", idempotent: true };

function pager(pages: Record<string, ListPage<number>>) {
  const asked: string[] = [];
  return {
    asked,
    fetch: async (req: ApiRequest) => {
      asked.push(req.path);
      const p = pages[req.path];
      if (!p) throw new Error(`no page ${req.path}`);
      return p;
    },
  };
}

describe("client/paging", () => {
  it("nextHrefPath: absolute URLs lose their origin, relative ones get the API base", () => {
    assert.equal(nextHrefPath("https://10.0.0.1:5665/api/v1/copysession?last_get_id=5"), "/api/v1/copysession?last_get_id=5");
    assert.equal(nextHrefPath("/api/v1/volume?last_get_id=9"), "/api/v1/volume?last_get_id=9");
    assert.equal(nextHrefPath("copysession?last_get_id=5"), "/api/v1/copysession?last_get_id=5");
  });

  it("follows next_href until absent, keeping the order", async () => {
    const p = pager({
      "/api/v1/copysession": { items: [1, 2], nextHref: "/api/v1/copysession?last_get_id=2" },
      "/api/v1/copysession?last_get_id=2": { items: [3], nextHref: "https://a:5665/api/v1/copysession?last_get_id=3" },
      "/api/v1/copysession?last_get_id=3": { items: [4] },
    });
    assert.deepEqual(await collectPages(first, p.fetch, "tokyo"), [1, 2, 3, 4]);
    assert.equal(p.asked.length, 3);
  });

  it("a next_href that repeats stops with ERR_BAD_RESPONSE instead of looping", async () => {
    const p = pager({
      "/api/v1/copysession": { items: [1], nextHref: "/api/v1/copysession?last_get_id=1" },
      "/api/v1/copysession?last_get_id=1": { items: [2], nextHref: "/api/v1/copysession?last_get_id=1" },
    });
    await assert.rejects(collectPages(first, p.fetch, "tokyo"), (e: EternusApiError) =>
      e.code === "ERR_BAD_RESPONSE" && /paging failed: next_href repeats/.test(e.message) && /on array tokyo/.test(e.message));
    assert.equal(p.asked.length, 2);
  });

  it("an empty page that still points further stops", async () => {
    const p = pager({ "/api/v1/copysession": { items: [], nextHref: "/api/v1/copysession?last_get_id=0" } });
    await assert.rejects(collectPages(first, p.fetch, "tokyo"), /an empty page still has a next_href/);
  });

  it(`stops after ${MAX_PAGES} pages even if every next_href is new`, async () => {
    let n = 0;
    const fetch = async (): Promise<ListPage<number>> => ({ items: [n], nextHref: `/api/v1/copysession?last_get_id=${++n}` });
    await assert.rejects(collectPages(first, fetch, "tokyo"), new RegExp(`more than ${MAX_PAGES} pages`));
    assert.equal(n, MAX_PAGES);
  });

  it("the client lists every page of GET /copysession (schema applied per page)", async () => {
    const t = new ScriptedTransport([
      [LOGIN, loginOk()],
      ["GET /api/v1/copysession", { status: 200, body: { total_count: 3, copysession_list: [{ copysession_id: 1 }, { copysession_id: "2" }], next_href: "/api/v1/copysession?last_get_id=2" } }],
      ["GET /api/v1/copysession?last_get_id=2", { status: 200, body: { copysession_list: [{ copysession_id: 3, status: null }], next_href: null } }],
    ]);
    const list = await scriptedClient(t, fakeRuntime()).listCopySessions();
    assert.deepEqual(list.map((s) => s.copysession_id), [1, 2, 3]);
    assert.equal(list[2]!.status, undefined, "null reads as absent");
  });

  describe("listCopySessions(ids): several sessions in few requests", () => {
    it("one GET with copysession_id=a,b (deduplicated), all pages", async () => {
      const t = new ScriptedTransport([
        [LOGIN, loginOk()],
        ["GET /api/v1/copysession?copysession_id=4,9", { status: 200, body: { copysession_list: [{ copysession_id: 4 }], next_href: "/api/v1/copysession?copysession_id=4,9&last_get_id=4" } }],
        ["GET /api/v1/copysession?copysession_id=4,9&last_get_id=4", { status: 200, body: { copysession_list: [{ copysession_id: 9 }] } }],
      ]);
      const list = await scriptedClient(t, fakeRuntime()).listCopySessions([4, 9, 4]);
      assert.deepEqual(list.map((s) => s.copysession_id), [4, 9]);
    });

    it("an empty id list sends nothing (an empty filter would mean every session)", async () => {
      const t = new ScriptedTransport([]);
      assert.deepEqual(await scriptedClient(t, fakeRuntime()).listCopySessions([]), []);
      assert.deepEqual(t.lines, []);
    });

    it("many ids are split into requests of 100", async () => {
      const ids = Array.from({ length: 150 }, (_, i) => i);
      const t = new ScriptedTransport([
        [LOGIN, loginOk()],
        [`GET /api/v1/copysession?copysession_id=${ids.slice(0, 100).join(",")}`, { status: 200, body: { copysession_list: [{ copysession_id: 1 }] } }],
        [`GET /api/v1/copysession?copysession_id=${ids.slice(100).join(",")}`, { status: 200, body: { copysession_list: [{ copysession_id: 120 }] } }],
      ]);
      const list = await scriptedClient(t, fakeRuntime()).listCopySessions(ids);
      assert.deepEqual(list.map((s) => s.copysession_id), [1, 120]);
    });

    it("listCopySessions(options) still lists everything (the old call form)", async () => {
      const t = new ScriptedTransport([[LOGIN, loginOk()], ["GET /api/v1/copysession", { status: 200, body: { copysession_list: [] } }]]);
      assert.deepEqual(await scriptedClient(t, fakeRuntime()).listCopySessions({ signal: new AbortController().signal }), []);
    });
  });
});
