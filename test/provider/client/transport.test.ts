/**
 * provider/client/transport.ts: error classification (table), and wrong endpoints against local
 * 127.0.0.1 servers: refused, http:// on a TLS port, https:// on a plain port. No sleeps: every case
 * fails on the first exchange, and the assertions are on codes and messages, never on time.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as tls from "node:tls";
import { generateTls } from "../../../simulator/tls";
import { EternusApiError, EternusConfigError } from "../../../provider/client/errors";
import { Transport, classifyTransportError, describeRequest, endsBySignal } from "../../../provider/client/transport";
import { createEternusClient } from "../../../provider/client/eternus-client";
import { fakeRuntime } from "./helpers/fake-runtime";

const err = (code: string, name?: string) => Object.assign(new Error(code), { code, ...(name ? { name } : {}) });

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
}
function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
/** A port nothing listens on: bind, note the port, close. */
async function freePort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await close(s);
  return port;
}

describe("client/transport", () => {
  describe("classifyTransportError", () => {
    const cases: Array<[unknown, string, boolean]> = [
      [err("ECONNREFUSED"), "connect", false],
      [err("UND_ERR_CONNECT_TIMEOUT"), "connect", false],
      [err("EHOSTUNREACH"), "connect", false],
      [err("ENOTFOUND"), "dns", false],
      [err("EAI_AGAIN"), "dns", false],
      [err("ECONNRESET"), "reset", true],
      [err("UND_ERR_SOCKET"), "reset", true],
      [err("EPIPE"), "reset", true],
      [err("UND_ERR_HEADERS_TIMEOUT"), "timeout", true],
      [err("UND_ERR_BODY_TIMEOUT"), "timeout", true],
      [err("DEPTH_ZERO_SELF_SIGNED_CERT"), "tls", false],
      [err("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "tls", false],
      [err("ERR_TLS_CERT_ALTNAME_INVALID"), "tls", false],
      [err("ERR_SSL_WRONG_VERSION_NUMBER"), "tls", false],
      [err("UND_ERR_ABORTED"), "aborted", true],
      [Object.assign(new Error("x"), { name: "AbortError" }), "aborted", true],
      [err("UND_ERR_CLOSED"), "other", false],
      [new Error("weird"), "other", true],
      [{ cause: { code: "ECONNREFUSED" } }, "connect", false],
    ];
    for (const [e, kind, maybeSent] of cases) {
      const label = (e as { code?: string }).code ?? (e as { name?: string }).name ?? JSON.stringify(e);
      it(`${label} -> ${kind}, maybeSent ${maybeSent}`, () => {
        const t = classifyTransportError(e);
        assert.deepEqual([t.kind, t.maybeSent], [kind, maybeSent]);
      });
    }
  });

  describe("endsBySignal: a request ends by its signal even when undici leaves it pending (queued in a pool)", () => {
    const reply = () => {
      const r = { destroyed: false, body: { destroy: () => { r.destroyed = true; } } };
      return r;
    };
    it("a promise that never settles rejects with UND_ERR_ABORTED when the signal aborts", async () => {
      const ctl = new AbortController();
      const p = endsBySignal(new Promise<ReturnType<typeof reply>>(() => undefined), ctl.signal);
      ctl.abort(new Error("deadline"));
      await assert.rejects(p, (e: { code?: string }) => e.code === "UND_ERR_ABORTED" && classifyTransportError(e).kind === "aborted");
    });
    it("a reply that arrives after the abort has its body destroyed (the connection is freed)", async () => {
      const ctl = new AbortController();
      let resolve!: (r: ReturnType<typeof reply>) => void;
      const late = reply();
      const p = endsBySignal(new Promise<ReturnType<typeof reply>>((r) => { resolve = r; }), ctl.signal);
      ctl.abort();
      await assert.rejects(p);
      resolve(late);
      await new Promise((r) => setImmediate(r));
      assert.equal(late.destroyed, true);
    });
    it("an already aborted signal rejects at once; without a signal the promise is returned as is", async () => {
      await assert.rejects(endsBySignal(new Promise<ReturnType<typeof reply>>(() => undefined), AbortSignal.abort()), (e: { code?: string }) => e.code === "UND_ERR_ABORTED");
      const r = reply();
      assert.equal(await endsBySignal(Promise.resolve(r), undefined), r);
    });
  });

  it("describeRequest redacts the token and carries no body", () => {
    const d = describeRequest({ method: "POST", path: "/api/v1/session", body: { password: "pw" }, token: "tok" });
    assert.deepEqual(d, { method: "POST", url: "/api/v1/session", headers: { accept: "application/json", "content-type": "application/json", authorization: "Bearer [REDACTED]" } });
  });

  it("the constructor refuses http:// without allowHttp (same rule as check)", () => {
    assert.throws(() => new Transport({ name: "tokyo", endpoint: "http://127.0.0.1:1", username: "u", password: "p" }),
      (e: unknown) => e instanceof EternusConfigError && /eternus:arrays\.tokyo\.allowHttp/.test((e as Error).message));
  });

  it("a 4xx body becomes EternusApiError with the array's message and error_code (secrets: pipeline/redact.ts)", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(409, { "content-type": "application/json" });
      res.end(JSON.stringify({ error_code: "0010", message: "Name exists (s3cret)", internal_code: 77 }));
    });
    const port = await listen(server);
    const t = new Transport({ name: "tokyo", endpoint: `http://127.0.0.1:${port}`, username: "u", password: "p", allowHttp: true });
    try {
      await assert.rejects(t.send({ method: "POST", path: "/api/v1/volume", body: {} }), (e: EternusApiError) => {
        assert.equal(e.status, 409);
        assert.equal(e.code, "ERR_CONFLICT");
        assert.equal(e.errorCode, "0010");
        assert.equal(e.internalCode, "77");
        assert.equal(e.message, "POST /api/v1/volume on array tokyo: 409 Conflict: Name exists (s3cret) (error_code 0010)");
        return true;
      });
    } finally {
      await t.close();
      await close(server);
    }
  });

  describe("wrong endpoints fail on the first exchange, naming the endpoint key", () => {
    it("connection refused before any answer: one attempt, no retry, the key and port 5665 named, errno said once", async () => {
      const port = await freePort();
      const rt = fakeRuntime();
      const lines: string[] = [];
      const c = createEternusClient({ name: "tokyo", endpoint: `https://127.0.0.1:${port}`, username: "u", password: "p" },
        { sleep: rt.sleep, now: rt.now, random: rt.random, log: rt.log, onRequest: (ev) => lines.push(`${ev.method} ${ev.path} ${ev.code ?? ev.status}`) });
      try {
        await assert.rejects(c.getStorageSystem(), (e: EternusApiError) => {
          assert.equal(e.code, "ERR_CONNECTION");
          assert.match(e.message, /connection refused: nothing listens there\); check eternus:arrays\.tokyo\.endpoint \(or ETERNUS_TOKYO_ENDPOINT\): the ETERNUS REST API uses port 5665/);
          assert.equal(e.message.split("ECONNREFUSED").length - 1, 0, "no errno echo");
          return true;
        });
      } finally {
        await c.close();
      }
      assert.deepEqual(lines, ["POST /api/v1/session ERR_CONNECTION"]);
      assert.deepEqual(rt.sleeps, []);
    });

    it("http:// on a TLS port: EternusConfigError (not retried) saying use https://", async () => {
      const files = generateTls("127.0.0.1");
      const server = tls.createServer({ key: files.serverKeyPem, cert: files.serverCertPem }, (s) => s.end());
      server.on("tlsClientError", () => undefined);
      const port = await listen(server);
      const rt = fakeRuntime();
      const c = createEternusClient({ name: "tokyo", endpoint: `http://127.0.0.1:${port}`, username: "u", password: "p", allowHttp: true },
        { sleep: rt.sleep, now: rt.now, random: rt.random, log: rt.log });
      try {
        await assert.rejects(c.getStorageSystem(), (e: unknown) => {
          assert.ok(e instanceof EternusConfigError, String(e));
          assert.equal(e.configKey, "eternus:arrays.tokyo.endpoint");
          assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port} speaks TLS but eternus:arrays\\.tokyo\\.endpoint \\(or ETERNUS_TOKYO_ENDPOINT\\) is http://: use https://127\\.0\\.0\\.1:${port}`));
          return true;
        });
      } finally {
        await c.close();
        await close(server);
        if (files.createdDir) fs.rmSync(files.createdDir, { recursive: true, force: true });
      }
      assert.deepEqual(rt.sleeps, [], "not retried");
    });

    it("http:// on a port that just drops connections (not TLS): the probe says no, an ordinary connection error", async () => {
      const server = net.createServer((s) => s.destroy());
      const port = await listen(server);
      const rt = fakeRuntime();
      const c = createEternusClient({ name: "tokyo", endpoint: `http://127.0.0.1:${port}`, username: "u", password: "p", allowHttp: true },
        { sleep: rt.sleep, now: rt.now, random: rt.random, log: rt.log });
      try {
        await assert.rejects(c.getStorageSystem(), (e: unknown) => !(e instanceof EternusConfigError) && (e as EternusApiError).code === "ERR_CONNECTION" && (e as EternusApiError).transport?.kind === "reset");
      } finally {
        await c.close();
        await close(server);
      }
    });

    it("https:// on a plain HTTP port: EternusConfigError saying the port serves plain HTTP", async () => {
      const server = http.createServer((_q, r) => r.end("{}"));
      const port = await listen(server);
      const c = createEternusClient({ name: "tokyo", endpoint: `https://127.0.0.1:${port}`, username: "u", password: "p" }, { log: () => undefined });
      try {
        await assert.rejects(c.getStorageSystem(), (e: unknown) => {
          assert.ok(e instanceof EternusConfigError, String(e));
          assert.match(e.message, /does not speak TLS .*eternus:arrays\.tokyo\.endpoint \(or ETERNUS_TOKYO_ENDPOINT\) is https:\/\/ but this port serves plain HTTP/);
          return true;
        });
      } finally {
        await c.close();
        await close(server);
      }
    });
  });
});
