import { strict as assert } from "assert";
import { EternusError, EternusTimeoutError } from "../../../../provider/client/errors";
import {
  ArrayUnansweredError, IncompleteError, InvalidInputsError, PartialFailureError, PlanRefusedError, PreflightError, ResourceGoneError, SessionStateError,
} from "../../../../provider/resources/common/errors";

describe("resource errors", () => {
  const all = [
    new InvalidInputsError("m", []), new PreflightError("session-limit", "m"), new PlanRefusedError("m"),
    new ResourceGoneError("m"), new PartialFailureError("m", "id", {}, []), new SessionStateError("m", "Halt"), new IncompleteError("m"),
    new ArrayUnansweredError("m", "tokyo"),
  ];
  it("each is an EternusError with a stable code", () => {
    assert.deepEqual(all.map((e) => e.code), ["ERR_INVALID_INPUT", "ERR_PREFLIGHT", "ERR_REFUSED", "ERR_GONE", "ERR_PARTIAL_FAILURE", "ERR_SESSION_STATE", "ERR_INCOMPLETE", "ERR_UNREACHABLE"]);
    for (const e of all) assert.ok(e instanceof EternusError);
  });
  it("instanceof matches its own class only (the brand is per class, not inherited)", () => {
    const classes = [InvalidInputsError, PreflightError, PlanRefusedError, ResourceGoneError, PartialFailureError, SessionStateError, IncompleteError, ArrayUnansweredError];
    all.forEach((e, i) => classes.forEach((C, j) => assert.equal(e instanceof C, i === j, `${e.name} instanceof ${C.name}`)));
    assert.equal(new EternusTimeoutError("x", 1, undefined) instanceof ResourceGoneError, false);
  });
});
