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
  const ORIGIN = "https://10.0.0.1:5665";
  const TOKYO = { arrayName: "tokyo", origin: ORIGIN };

  it("nextHrefPath: an absolute URL on the array's origin loses it, a relative one gets the API base", () => {
    assert.deepEqual(nextHrefPath("https://10.0.0.1:5665/api/v1/copysession?last_get_id=5", ORIGIN), { path: "/api/v1/copysession?last_get_id=5" });
    assert.deepEqual(nextHrefPath("/api/v1/volume?last_get_id=9", ORIGIN), { path: "/api/v1/volume?last_get_id=9" });
    assert.deepEqual(nextHrefPath("copysession?last_get_id=5", ORIGIN), { path: "/api/v1/copysession?last_get_id=5" });
    assert.deepEqual(nextHrefPath("https://10.0.0.1:443/x", "https://10.0.0.1:443"), { path: "/x" }, "a default port the URL parser drops is still the same origin");
  });

  it("nextHrefPath: spaces and non-ASCII are %-encoded (undici refuses them raw)", () => {
    assert.deepEqual(nextHrefPath("/api/v1/volume?name=a b&x=\u00e9", ORIGIN), { path: "/api/v1/volume?name=a%20b&x=%C3%A9" });
  });

  it("nextHrefPath: another host, port, scheme or a scheme-relative href is refused (our token goes to the endpoint only)", () => {
    for (const href of ["https://evil.example:5665/api/v1/volume", "https://10.0.0.1:5666/api/v1/volume", "http://10.0.0.1:5665/api/v1/volume", "//evil.example/api/v1/volume"]) {
      const r = nextHrefPath(href, ORIGIN);
      assert.ok("problem" in r, href);
      assert.match(r.problem, /not to the array's https:\/\/10\.0\.0\.1:5665/);
    }
  });

  it("nextHrefPath: control characters are refused, never silently dropped", () => {
    for (const href of ["/api/v1/volume?last_get_id=1\n", "/api/v1/vol\tume", "/api/v1/volume?x=\u0000"]) {
      const r = nextHrefPath(href, ORIGIN);
      assert.ok("problem" in r && /control character/.test(r.problem), JSON.stringify(href));
    }
  });

  it("a refused next_href stops the list with ERR_BAD_RESPONSE naming the array and the href (escaped)", async () => {
    const p = pager({ "/api/v1/copysession": { items: [1], nextHref: "/api/v1/copysession?last_get_id=1\r\n" } });
    await assert.rejects(collectPages(first, p.fetch, TOKYO), (e: EternusApiError) =>
      e.code === "ERR_BAD_RESPONSE" && /on array tokyo/.test(e.message) && e.message.includes("next_href \"/api/v1/copysession?last_get_id=1\\r\\n\"") && !/[\r\n]/.test(e.message));
    assert.equal(p.asked.length, 1);
  });

  it("follows next_href until absent, keeping the order", async () => {
    const p = pager({
      "/api/v1/copysession": { items: [1, 2], nextHref: "/api/v1/copysession?last_get_id=2" },
      "/api/v1/copysession?last_get_id=2": { items: [3], nextHref: "https://10.0.0.1:5665/api/v1/copysession?last_get_id=3" },
      "/api/v1/copysession?last_get_id=3": { items: [4] },
    });
    assert.deepEqual(await collectPages(first, p.fetch, TOKYO), [1, 2, 3, 4]);
    assert.equal(p.asked.length, 3);
  });

  it("a next_href that repeats stops with ERR_BAD_RESPONSE instead of looping", async () => {
    const p = pager({
      "/api/v1/copysession": { items: [1], nextHref: "/api/v1/copysession?last_get_id=1" },
      "/api/v1/copysession?last_get_id=1": { items: [2], nextHref: "/api/v1/copysession?last_get_id=1" },
    });
    await assert.rejects(collectPages(first, p.fetch, TOKYO), (e: EternusApiError) =>
      e.code === "ERR_BAD_RESPONSE" && /paging failed: next_href repeats/.test(e.message) && /on array tokyo/.test(e.message));
    assert.equal(p.asked.length, 2);
  });

  it("an empty page that still points further stops", async () => {
    const p = pager({ "/api/v1/copysession": { items: [], nextHref: "/api/v1/copysession?last_get_id=0" } });
    await assert.rejects(collectPages(first, p.fetch, TOKYO), /an empty page still has a next_href/);
  });

  it(`stops after ${MAX_PAGES} pages even if every next_href is new`, async () => {
    let n = 0;
    const fetch = async (): Promise<ListPage<number>> => ({ items: [n], nextHref: `/api/v1/copysession?last_get_id=${++n}` });
    await assert.rejects(collectPages(first, fetch, TOKYO), new RegExp(`more than ${MAX_PAGES} pages`));
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
