import * as assert from "assert";
import { detailedDiff, unwrapSecrets, withBookkeeping, withoutBookkeeping } from "../../../provider/plugin/properties";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

describe("provider/plugin/properties", () => {
  it("unwraps secrets at any depth", () => {
    assert.deepStrictEqual(unwrapSecrets({ a: { [SIG]: SECRET, value: { p: "x" } }, b: [{ [SIG]: SECRET, value: 1 }] }), { a: { p: "x" }, b: [1] });
  });

  it("adds the bookkeeping inputs from the URN for the resource code and removes them for the engine", () => {
    const inner = withBookkeeping({ name: "v" }, "urn:x", "mirror");
    assert.deepStrictEqual(inner, { name: "v", resourceName: "mirror", resourceUrn: "urn:x" });
    assert.deepStrictEqual(withoutBookkeeping({ ...inner, providerVersion: "1", __provider: "text", gone: undefined }), { name: "v" });
  });

  it("details changed, added, dropped and replacing keys", () => {
    const d = detailedDiff({ a: 1, b: 2, c: 3, r: 1 }, { a: 1, b: 5, n: 1, r: 2 }, { a: 1, b: 2, c: 3, r: 1 }, ["r"]);
    assert.deepStrictEqual(d, { b: "UPDATE", n: "ADD", c: "DELETE", r: "UPDATE_REPLACE" });
  });
});
