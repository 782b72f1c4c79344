import * as net from "net";
import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { startSimulator } from "../../../simulator";
import { SimRest } from "../../helpers/sim-rest";
import { startTestSim, TestSim } from "../helpers";

describe("http: error rendering and request checks [M:error]", () => {
  let t: TestSim;
  before(async () => { t = await startTestSim(); });
  after(async () => { await t.close(); });

  it("[M:error] 415 for a body without application/json", async () => {
    const r = await t.a.request("POST", "/volume", { name: "x", capacity: 100, tpp_id: 0 }, { contentType: "text/plain" });
    assert.equal(r.status, 415);
    assert.deepEqual(Object.keys(r.body).sort(), ["error_code", "internal_code", "message"]);
    assert.match(r.body.message, /^.+ \(Content-Type\)$/);
    assert.equal((await t.a.request("POST", "/volume", undefined, { raw: "{}", contentType: null })).status, 415);
    assert.equal((await t.a.request("POST", "/volume", undefined, { raw: "{}", contentType: "application/json; charset=utf-8" })).status, 400, "charset is fine");
  });

  it("[M:error] 400 for invalid JSON, 404 for unknown paths, 413 for huge bodies and URIs", async () => {
    assert.equal((await t.a.request("POST", "/volume", undefined, { raw: "{nope" })).status, 400);
    assert.equal((await t.a.request("GET", "/nothing")).status, 404);
    assert.equal((await t.a.request("GET", `${t.a.array.url}/other`)).status, 404);
    assert.equal((await t.a.request("PUT", "/volume/100000", {})).status, 404);
    const big = await t.a.request("POST", "/volume", undefined, { raw: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }) });
    assert.equal(big.status, 413);
    assert.equal((await t.a.request("GET", `/volume?name=${"x".repeat(9000)}`)).status, 413);
  });

  it("[M:error] every error has a 4-digit error_code and 'Description (Factor)'", async () => {
    const r = await t.a.request("GET", "/volume/999999");
    assert.equal(r.status, 404);
    assert.match(r.body.error_code, /^\d{4}$/);
    assert.match(r.body.message, /\(volume_id\)$/);
    assert.equal(typeof r.body.internal_code, "string");
  });

  it("docs/unverified-points.md#row-20-rest-sessions: a 17th REST session on one array answers 503", async () => {
    const clients: SimRest[] = [];
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i++) {
      const c = new SimRest(t.b.array);
      status = (await c.tryLogin()).status;
      clients.push(c);
    }
    assert.equal(status, 503);
    for (const c of clients) if (c.token) await c.request("DELETE", `/session/${c.sessionId}`);
  });
});

describe("http: HTTPS with a generated CA [issue: TLS]", () => {
  it("serves HTTPS verified against the written ca.pem; the certificate names 127.0.0.1 and localhost", async () => {
    const sim = await startSimulator({ log: () => undefined, arrays: ["one"] });
    try {
      const a = sim.arrays[0]!;
      assert.match(a.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(a.caCertFile && a.caCertPem);
      const c = new SimRest(a); // trusts a.caCertPem only
      assert.equal((await c.tryLogin()).status, 200);
      assert.equal((await c.request("GET", "/storagesystem")).body.boxid, a.boxId);
      const ca = new X509Certificate(a.caCertPem!);
      assert.equal(ca.ca, true);
      // Without the CA the connection is refused: verification is on.
      const noCa = new SimRest({ ...a, caCertPem: null });
      await assert.rejects(noCa.request("GET", "/storagesystem"));
      await noCa.close();
      await c.close();
    } finally {
      await sim.close();
    }
  });

  it("--port N gives N, N+1 to the arrays", async () => {
    // Another process may take a port between the probe and the start: try a few free pairs.
    let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
    let port = 0;
    for (let attempt = 0; attempt < 10 && !sim; attempt++) {
      port = await freePortPair();
      sim = await startSimulator({ http: true, port, log: () => undefined }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "EADDRINUSE") throw e;
        return undefined;
      });
    }
    assert.ok(sim, "no free pair of ports in 10 attempts");
    try {
      assert.deepEqual(sim.arrays.map((a) => Number(new URL(a.url).port)), [port, port + 1]);
    } finally {
      await sim.close();
    }
  });
});

/** A port N such that N and N+1 were both free a moment ago. */
async function freePortPair(): Promise<number> {
  const listen = (port: number) => new Promise<net.Server | undefined>((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(undefined));
    srv.listen(port, "127.0.0.1", () => resolve(srv));
  });
  for (;;) {
    const first = await listen(0);
    const port = (first!.address() as net.AddressInfo).port;
    const second = await listen(port + 1);
    await new Promise((r) => first!.close(r));
    if (second) {
      await new Promise((r) => second.close(r));
      return port;
    }
  }
}
