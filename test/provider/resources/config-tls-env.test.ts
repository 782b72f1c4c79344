/**
 * Config reaching the client through configure(): HTTPS with a per-array CA (caCertFile, caCert), TLS
 * verification on by default, and the ETERNUS_<NAME>_* environment fallback read at call time.
 */
import { strict as assert } from "assert";
import { remoteVolumeProvider } from "../../../provider/resources/remote-volume/resource";
import { DEST, PASSWORD, rejects, startHarness, USER, type Harness } from "./sim-harness";

const P = "exports.handler = __f0;";

describe("RemoteVolume over HTTPS: per-array CA, verification by default, env fallback", function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({ https: true });
  });
  after(async () => h?.close());

  const fresh = () => ({ ...remoteVolumeProvider });
  async function roundTrip(p: typeof remoteVolumeProvider, name: string): Promise<void> {
    const c = await p.check!({}, { array: DEST, name, capacityMb: 1024, tppId: 0, __provider: P });
    assert.deepEqual(c.failures, []);
    const { id, outs } = await p.create({ ...c.inputs, __provider: P });
    assert.equal(outs.name, name);
    await p.delete!(id, { ...outs, __provider: P });
  }
  const info = () => h.arrays[DEST];

  it("caCertFile in config: verified TLS works", async () => {
    const cfg = JSON.stringify({ [DEST]: { endpoint: info().url, username: USER, password: PASSWORD, caCertFile: info().caCertFile } });
    await roundTrip(await h.configure(fresh(), cfg), "tls-file");
  });

  it("caCert (PEM text) in config: verified TLS works", async () => {
    const cfg = JSON.stringify({ [DEST]: { endpoint: info().url, username: USER, password: PASSWORD, caCert: info().caCertPem } });
    await roundTrip(await h.configure(fresh(), cfg), "tls-pem");
  });

  it("no CA: the untrusted certificate is refused (verification is on by default); the password is never echoed", async () => {
    const cfg = JSON.stringify({ [DEST]: { endpoint: info().url, username: USER, password: PASSWORD } });
    const p = await h.configure(fresh(), cfg);
    const c = await p.check!({}, { array: DEST, name: "tls-none", capacityMb: 1024, tppId: 0 });
    const e = await rejects(() => p.create({ ...c.inputs, __provider: P }));
    assert.ok(!e.message.includes(PASSWORD));
    assert.match(String(e.message) + String((e as { cause?: Error }).cause?.message ?? ""), /certificate|self.signed|TLS|verify/i);
  });

  it("environment fallback ETERNUS_<NAME>_*: an array only in the environment works, read at call time", async () => {
    const env = { ETERNUS_SITE_B_ENDPOINT: info().url, ETERNUS_SITE_B_USERNAME: USER, ETERNUS_SITE_B_PASSWORD: PASSWORD, ETERNUS_SITE_B_CA_CERT_FILE: info().caCertFile! };
    const p = await h.configure(fresh(), "{}");
    const before = await p.check!({}, { array: DEST, name: "env01", capacityMb: 1024, tppId: 0 });
    assert.match(before.failures![0].reason, /unknown array "site-b" \(no arrays are configured\).*ETERNUS_SITE_B_ENDPOINT/);
    Object.assign(process.env, env);
    try {
      await roundTrip(p, "env01");
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });

  it("http:// without allowHttp is refused at check (preview), naming the key and the fix", async () => {
    const cfg = JSON.stringify({ [DEST]: { endpoint: info().url.replace("https:", "http:"), username: USER, password: PASSWORD } });
    const p = await h.configure(fresh(), cfg);
    // The env fallback would allow it: make sure this process does not set it.
    const saved = process.env.ETERNUS_SITE_B_ALLOW_HTTP;
    delete process.env.ETERNUS_SITE_B_ALLOW_HTTP;
    let c: Awaited<ReturnType<NonNullable<typeof p.check>>>;
    try {
      c = await p.check!({}, { array: DEST, name: "plain01", capacityMb: 1024, tppId: 0 });
    } finally {
      if (saved !== undefined) process.env.ETERNUS_SITE_B_ALLOW_HTTP = saved;
    }
    const reasons = (c.failures ?? []).map((f) => f.reason).join("\n");
    assert.match(reasons, /eternus:arrays\.site-b\.endpoint .*plain http:\/\/.*eternus:arrays\.site-b\.allowHttp true/);
    assert.ok(!reasons.includes(PASSWORD));
  });

  it("http:// (allowHttp) pointed at the HTTPS port: create fails at once saying use https://, not after retries", async () => {
    const cfg = JSON.stringify({ [DEST]: { endpoint: info().url.replace("https:", "http:"), username: USER, password: PASSWORD, allowHttp: true } });
    const p = await h.configure(fresh(), cfg);
    const c = await p.check!({}, { array: DEST, name: "plain02", capacityMb: 1024, tppId: 0 });
    assert.deepEqual(c.failures, []);
    // The client's retry lines go to stderr (console.error): capture them to prove there were none.
    const stderr: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => { stderr.push(a.join(" ")); };
    let e: Error;
    try {
      e = await rejects(() => p.create({ ...c.inputs, __provider: P }));
    } finally {
      console.error = orig;
    }
    assert.match(e.message, /speaks TLS but eternus:arrays\.site-b\.endpoint .* is http:\/\/: use https:\/\//);
    assert.ok(!e.message.includes(PASSWORD));
    assert.ok(!stderr.some((l) => /retry \d+\/\d+/.test(l)), `no retries: ${stderr.join("\n")}`);
  });
});
