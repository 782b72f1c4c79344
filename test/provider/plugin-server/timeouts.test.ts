import * as assert from "assert";
import { boundedInputs, declaredTimeout } from "../../../provider/plugin/timeouts";

describe("provider/plugin/timeouts", () => {
  it("cuts a session's timeoutSeconds to the engine's timeout for the call, never lengthens it", () => {
    assert.strictEqual(boundedInputs("RecSyncSession", { timeoutSeconds: 3600 }, 120).timeoutSeconds, 120);
    assert.strictEqual(boundedInputs("RecSyncSession", { timeoutSeconds: 60 }, 120).timeoutSeconds, 60);
    assert.strictEqual(boundedInputs("RecSyncSession", { timeoutSeconds: 60 }, 0).timeoutSeconds, 60);
  });

  it("gives a volume's call the engine's timeout as the call-only callTimeoutSeconds (it has no timeoutSeconds input)", () => {
    assert.deepStrictEqual(boundedInputs("RemoteVolume", { name: "v" }, 10), { name: "v", callTimeoutSeconds: 10 });
    assert.deepStrictEqual(boundedInputs("RemoteVolume", { name: "v" }, 0), { name: "v" });
  });

  it("cuts a group's timeoutSeconds like a session's", () => {
    assert.strictEqual(boundedInputs("RecSessionGroup", { timeoutSeconds: 3600 }, 120).timeoutSeconds, 120);
  });

  it("puts the declared bound back into the outputs", () => {
    assert.deepStrictEqual(declaredTimeout("RecSyncSession", { timeoutSeconds: 120, x: 1 }, { timeoutSeconds: 3600 }), { timeoutSeconds: 3600, x: 1 });
  });
});
