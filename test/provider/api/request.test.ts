/** provider/api/request.ts: withPart applies a dialect form's part to a request. */
import { strict as assert } from "node:assert";
import { ApiRequest, withPart } from "../../../provider/api/request";

describe("api/request withPart", () => {
  const base: ApiRequest = { method: "POST", path: "/api/v1/x?fields=a", body: { a: 1 }, idempotent: false };
  it("appends the query after an existing one and merges body members", () => {
    assert.deepEqual(withPart(base, { query: { forced: true }, body: { b: 2 } }),
      { method: "POST", path: "/api/v1/x?fields=a&forced=true", body: { a: 1, b: 2 }, idempotent: false });
  });
  it("an empty part changes nothing and adds no body", () => {
    assert.deepEqual(withPart(base, {}), base);
    const noBody: ApiRequest = { method: "GET", path: "/api/v1/y", idempotent: true };
    assert.equal("body" in withPart(noBody, {}), false);
  });
  it("does not mutate the request it is given", () => {
    withPart(base, { body: { c: 3 } });
    assert.deepEqual(base.body, { a: 1 });
  });
});
