import * as assert from "node:assert/strict";
import { Agent, fetch } from "undici";
import { X509Certificate } from "node:crypto";
import { startSimulator } from "../../../simulator";
import { SimClient, startTestSim, TestSim } from "../helpers";

describe("http: error rendering and request checks [M:error]", () => {
  let t: TestSim;
  before(async () => { t = await startTestSim(); });
  after(async () => { await t.close(); });

  it("[M:error] 415 for a body without application/json", async () => {
    const r = await t.a.req("POST", "/volume", { name: "x", capacity: 100, tpp_id: 0 }, { contentType: "text/plain" });
    assert.equal(r.status, 415);
    assert.deepEqual(Object.keys(r.body).sort(), ["error_code", "internal_code", "message"]);
    assert.match(r.body.message, /^.+ \(Content-Type\)$/);
    assert.equal((await t.a.req("POST", "/volume", undefined, { raw: "{}", contentType: null })).status, 415);
    assert.equal((await t.a.req("POST", "/volume", undefined, { raw: "{}", contentType: "application/json; charset=utf-8" })).status, 400, "charset is fine");
  });

  it("[M:error] 400 for invalid JSON, 404 for unknown paths, 413 for huge bodies and URIs", async () => {
    assert.equal((await t.a.req("POST", "/volume", undefined, { raw: "{nope" })).status, 400);
    assert.equal((await t.a.req("GET", "/nothing")).status, 404);
    assert.equal((await t.a.req("GET", `${t.a.baseUrl}/other`)).status, 404);
    assert.equal((await t.a.req("PUT", "/volume/100000", {})).status, 404);
    const big = await t.a.req("POST", "/volume", undefined, { raw: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }) });
    assert.equal(big.status, 413);
    assert.equal((await t.a.req("GET", `/volume?name=${"x".repeat(9000)}`)).status, 413);
  });

  it("[M:error] every error has a 4-digit error_code and 'Description (Factor)'", async () => {
    const r = await t.a.req("GET", "/volume/999999");
    assert.equal(r.status, 404);
    assert.match(r.body.error_code, /^\d{4}$/);
    assert.match(r.body.message, /\(volume_id\)$/);
    assert.equal(typeof r.body.internal_code, "string");
  });

  it("dialect row 20: a 17th REST session on one array answers 503", async () => {
    const clients: SimClient[] = [];
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i++) {
      const c = new SimClient(t.b.baseUrl, t.b.boxId);
      status = (await c.login()).status;
      clients.push(c);
    }
    assert.equal(status, 503);
    for (const c of clients) if (c.token) await c.req("DELETE", `/session/${c.sessionId}`);
  });
});

describe("http: HTTPS with a generated CA [issue: TLS]", () => {
  it("serves HTTPS verified against the written ca.pem; the certificate names 127.0.0.1 and localhost", async () => {
    const sim = await startSimulator({ log: () => undefined, arrays: ["one"] });
    try {
      const a = sim.arrays[0]!;
      assert.match(a.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(a.caCertFile && a.caCertPem);
      const dispatcher = new Agent({ connect: { ca: a.caCertPem! } });
      const c = new SimClient(a.url, a.boxId, dispatcher);
      assert.equal((await c.login()).status, 200);
      assert.equal((await c.req("GET", "/storagesystem")).body.boxid, a.boxId);
      const ca = new X509Certificate(a.caCertPem!);
      assert.equal(ca.ca, true);
      // Without the CA the connection is refused: verification is on.
      await assert.rejects(fetch(`${a.url}/api/v1/storagesystem`, { dispatcher: new Agent() }));
      await dispatcher.close();
    } finally {
      await sim.close();
    }
  });

  it("--port N gives N, N+1 to the arrays", async () => {
    const probe = await startSimulator({ http: true, log: () => undefined, arrays: ["p"] });
    const port = Number(new URL(probe.arrays[0]!.url).port);
    await probe.close();
    const sim = await startSimulator({ http: true, port, log: () => undefined });
    try {
      assert.deepEqual(sim.arrays.map((a) => Number(new URL(a.url).port)), [port, port + 1]);
    } finally {
      await sim.close();
    }
  });
});
