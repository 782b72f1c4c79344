import * as assert from "assert";
import { configSource, configText } from "../../../provider/plugin/configure-request";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

describe("provider/plugin/configure-request", () => {
  it("gives the resource code eternus:<key> strings from args (secrets unwrapped) over variables", () => {
    const src = configSource(new Map([["eternus:config:arrays", "{\"old\":{}}"], ["eternus:config:previewChecks", "true"], ["other:config:x", "1"]]),
      { arrays: { tokyo: { endpoint: "https://a", password: { [SIG]: SECRET, value: "pw" } } } });
    assert.deepStrictEqual(JSON.parse(src.config.get("eternus:arrays")!), { tokyo: { endpoint: "https://a", password: "pw" } });
    assert.strictEqual(src.config.get("eternus:previewChecks"), "true");
    assert.strictEqual(src.config.get("other:x"), undefined);
  });

  it("reads variables when no args are sent", () => {
    assert.strictEqual(configSource(new Map([["eternus:arrays", "{}"]]), undefined).config.get("eternus:arrays"), "{}");
  });

  it("compares configs regardless of key order and secret wrapping", () => {
    assert.strictEqual(configText({ b: 1, a: { [SIG]: SECRET, value: "x" } }), configText({ a: "x", b: 1 }));
    assert.notStrictEqual(configText({ a: "x" }), configText({ a: "y" }));
  });
});
