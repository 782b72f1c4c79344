/**
 * provider/client/pipeline: steps compose in order (step.ts), secrets leave errors (redact.ts), and the
 * built pipeline logs in through the wire and redacts the password an array echoes (build.ts).
 */
import { strict as assert } from "node:assert";
import { EternusApiError } from "../../../../provider/client/errors";
import { redactStep } from "../../../../provider/client/pipeline/redact";
import { compose, type Step } from "../../../../provider/client/pipeline/step";
import { fakeRuntime } from "../helpers/fake-runtime";
import { LOGIN, PASSWORD, ScriptedTransport, loginOk, scriptedClient } from "../helpers/scripted-transport";

const req = { method: "GET" as const, path: "/api/v1/storagesystem", idempotent: true };

describe("client/pipeline", () => {
  it("compose: the first step is outermost; each sees the exchange the one above passed on", async () => {
    const seen: string[] = [];
    const tag = (name: string): Step => async (x, next) => {
      seen.push(`${name}>${x.token ?? "-"}`);
      const r = await next({ ...x, token: name });
      seen.push(`<${name}`);
      return r;
    };
    const send = compose([tag("a"), tag("b")], async (x) => ({ status: 200, data: x.token }));
    assert.deepEqual(await send({ req }), { status: 200, data: "b" });
    assert.deepEqual(seen, ["a>-", "b>a", "<b", "<a"]);
  });

  it("redact: a secret the array echoes leaves the error's message and reply body", async () => {
    const echo = new EternusApiError({ arrayName: "a", method: "GET", path: req.path, status: 409, arrayMessage: "bad tok-9", response: { status: 409, data: { message: "bad tok-9" } } });
    const send = compose([redactStep(() => ["tok-9"])], async () => { throw echo; });
    await assert.rejects(send({ req }), (e: EternusApiError) => {
      assert.equal(e.message, "GET /api/v1/storagesystem on array a: 409 Conflict: bad [REDACTED]");
      assert.deepEqual(e.response?.data, { message: "bad [REDACTED]" });
      return true;
    });
  });

  it("the built pipeline: the password echoed by an array never reaches the caller's error", async () => {
    const t = new ScriptedTransport([[LOGIN, loginOk()], ["GET /api/v1/storagesystem", { status: 400, body: { error_code: "0001", message: `bad ${PASSWORD}` } }]]);
    await assert.rejects(scriptedClient(t, fakeRuntime()).getStorageSystem(), (e: Error) => !e.message.includes(PASSWORD) && e.message.includes("[REDACTED]"));
  });
});
