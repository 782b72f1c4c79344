import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  arrayProblem, configOf, configureProvider, dialectFileEnvName, envName, forgetResolvedDialects, parseArraysConfig, resolveArray, resolveDialect, EternusConfigError,
} from "../../provider/config";
import { DEFAULT_DIALECT } from "../../provider/api/dialect";
import { DIALECT_FILE_FORMAT } from "../../provider/api/dialect-file";
import { EternusError } from "../../provider/client/errors";

const req = (arrays: unknown) => ({ config: { get: (k: string) => (k === "eternus:arrays" ? JSON.stringify(arrays) : undefined) } });

describe("provider/config", () => {
  it("parses eternus:arrays as one JSON string (as --path config arrives in configure)", () => {
    const cfg = parseArraysConfig(JSON.stringify({ tokyo: { endpoint: "https://10.0.0.1:5665", username: "admin", password: "pw", insecureSkipVerify: "false", requestTimeoutSeconds: "30" } }));
    assert.equal(cfg.error, undefined);
    assert.deepEqual(cfg.arrays.tokyo, { endpoint: "https://10.0.0.1:5665", username: "admin", password: "pw", insecureSkipVerify: false, requestTimeoutSeconds: 30 });
  });

  it("reports bad JSON without echoing it (it may hold a password)", () => {
    const cfg = parseArraysConfig("{\"tokyo\": {\"password\": \"s3cret\"");
    assert.match(cfg.error!, /not valid JSON/);
    assert.doesNotMatch(cfg.error!, /s3cret/);
  });

  it("names the env variables ETERNUS_<NAME>_*, non-alphanumerics -> _", () => {
    assert.equal(envName("site-a", "ENDPOINT"), "ETERNUS_SITE_A_ENDPOINT");
    assert.equal(envName("tokyo.dc1", "CA_CERT_FILE"), "ETERNUS_TOKYO_DC1_CA_CERT_FILE");
  });

  it("unknown array: names it, lists known arrays and says how to configure", () => {
    const cfg = parseArraysConfig(JSON.stringify({ tokyo: { endpoint: "https://a", username: "u", password: "p" } }));
    const p = arrayProblem(cfg, "osaka", {});
    assert.match(p!, /unknown array "osaka"/);
    assert.match(p!, /known arrays: tokyo/);
    assert.match(p!, /eternus:arrays\.osaka\.endpoint/);
  });

  it("array without endpoint or credentials: names each missing field", () => {
    const cfg = parseArraysConfig(JSON.stringify({ tokyo: { endpoint: "https://a" } }));
    const p = arrayProblem(cfg, "tokyo", {});
    assert.match(p!, /no username/);
    assert.match(p!, /no password/);
    assert.match(arrayProblem(parseArraysConfig(JSON.stringify({ t: { username: "u", password: "p" } })), "t", {})!, /no endpoint/);
  });

  it("environment fallback: an array defined only by env, and fields filled from env", () => {
    const env = { ETERNUS_SITE_B_ENDPOINT: "https://b:5665", ETERNUS_SITE_B_USERNAME: "u", ETERNUS_SITE_B_PASSWORD: "p", ETERNUS_TOKYO_PASSWORD: "envpw" };
    const cfg = parseArraysConfig(JSON.stringify({ tokyo: { endpoint: "https://a", username: "u" } }));
    assert.equal(arrayProblem(cfg, "site-b", env), undefined);
    assert.equal(resolveArray(cfg, "site-b", env).endpoint, "https://b:5665");
    assert.equal(resolveArray(cfg, "tokyo", env).password, "envpw");
    // config wins for the connection; credentials set in the environment win over config (rotation:
    // refresh and destroy run with the configuration stored at the last up)
    const cfg2 = parseArraysConfig(JSON.stringify({ tokyo: { endpoint: "https://a", username: "u", password: "cfgpw" } }));
    assert.equal(resolveArray(cfg2, "tokyo", env).password, "envpw");
    assert.equal(resolveArray(cfg2, "tokyo", { ETERNUS_TOKYO_ENDPOINT: "https://other" }).endpoint, "https://a");
    assert.equal(resolveArray(cfg2, "tokyo", {}).password, "cfgpw");
  });

  it("reads caCertFile at call time and fails clearly when unreadable", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eternus-cfg-"));
    const file = path.join(dir, "ca.pem");
    const cfg = parseArraysConfig(JSON.stringify({ t: { endpoint: "https://a", username: "u", password: "p", caCertFile: file } }));
    assert.throws(() => resolveArray(cfg, "t", {}), (e: Error) => e instanceof EternusConfigError && /caCertFile/.test(e.message));
    fs.writeFileSync(file, "PEM-1");
    assert.equal(resolveArray(cfg, "t", {}).caCert, "PEM-1");
    fs.writeFileSync(file, "PEM-2");
    assert.equal(resolveArray(cfg, "t", {}).caCert, "PEM-2");
  });

  it("insecureSkipVerify: per array, with a loud warning once", () => {
    const lines: string[] = [];
    const orig = console.error;
    console.error = (l: string) => lines.push(l);
    try {
      const cfg = parseArraysConfig(JSON.stringify({ lab: { endpoint: "https://a", username: "u", password: "p", insecureSkipVerify: true }, prod: { endpoint: "https://b", username: "u", password: "p" } }));
      assert.equal(resolveArray(cfg, "lab", {}).insecureSkipVerify, true);
      resolveArray(cfg, "lab", {});
      assert.equal(resolveArray(cfg, "prod", {}).insecureSkipVerify, undefined);
    } finally {
      console.error = orig;
    }
    assert.equal(lines.filter((l) => /verification is DISABLED for array "lab"/.test(l)).length, 1);
  });

  it("configure keeps the config OFF the provider object (nothing to serialize)", () => {
    const provider = {};
    configureProvider(provider, req({ t: { endpoint: "https://a", username: "u", password: "hunter2" } }));
    assert.deepEqual(Object.keys(provider), []);
    assert.ok(!JSON.stringify(provider).includes("hunter2"));
    assert.equal(configOf(provider).arrays.t.password, "hunter2");
    assert.deepEqual(configOf({}).arrays, {});
  });

  describe("endpoint rules shared with the client (provider/client/endpoint.ts)", () => {
    const cfgWith = (endpoint: string, extra: Record<string, unknown> = {}) =>
      parseArraysConfig(JSON.stringify({ tokyo: { endpoint, username: "u", password: "pw-x1", ...extra } }));

    it("check refuses what the transport would refuse: a path, user info, plain http", () => {
      assert.match(arrayProblem(cfgWith("https://h:5665/foo"), "tokyo", {})!, /eternus:arrays\.tokyo\.endpoint .*must not have a path/);
      const creds = arrayProblem(cfgWith("https://user:hunter2@h"), "tokyo", {})!;
      assert.match(creds, /must not contain a user name or password/);
      assert.doesNotMatch(creds, /hunter2/);
      assert.match(arrayProblem(cfgWith("http://h:5665"), "tokyo", {})!, /plain http:\/\/.*eternus:arrays\.tokyo\.allowHttp true \(or ETERNUS_TOKYO_ALLOW_HTTP=true\)/);
      assert.equal(arrayProblem(cfgWith("h:5665"), "tokyo", {}), undefined, "no scheme means https");
    });

    it("resolveArray throws the same problem as an EternusConfigError (code ERR_CONFIG) in the client hierarchy", () => {
      assert.throws(() => resolveArray(cfgWith("https://h/foo"), "tokyo", {}), (e: unknown) =>
        e instanceof EternusConfigError && e instanceof EternusError && e.code === "ERR_CONFIG" && e.arrayName === "tokyo" && /must not have a path/.test(e.message));
    });

    it("allowHttp: true in config accepts http:// and reaches the connection", () => {
      const cfg = cfgWith("http://127.0.0.1:8080", { allowHttp: true });
      assert.equal(cfg.arrays.tokyo.allowHttp, true);
      assert.equal(arrayProblem(cfg, "tokyo", {}), undefined);
      assert.equal(resolveArray(cfg, "tokyo", {}).allowHttp, true);
      assert.equal(resolveArray(cfgWith("https://h"), "tokyo", {}).allowHttp, undefined);
    });

    it("allowHttp from ETERNUS_<NAME>_ALLOW_HTTP when config lacks it; config wins; bad values named", () => {
      assert.equal(envName("site-a", "ALLOW_HTTP"), "ETERNUS_SITE_A_ALLOW_HTTP");
      assert.equal(arrayProblem(cfgWith("http://h"), "tokyo", { ETERNUS_TOKYO_ALLOW_HTTP: "true" }), undefined);
      assert.ok(arrayProblem(cfgWith("http://h", { allowHttp: false }), "tokyo", { ETERNUS_TOKYO_ALLOW_HTTP: "true" }));
      assert.match(arrayProblem(cfgWith("http://h"), "tokyo", { ETERNUS_TOKYO_ALLOW_HTTP: "yes" })!, /ETERNUS_TOKYO_ALLOW_HTTP must be true or false/);
      assert.match(parseArraysConfig(JSON.stringify({ t: { allowHttp: "maybe" } })).error!, /eternus:arrays\.t\.allowHttp must be true or false/);
    });
  });

  describe("dialectFile: the probe's dialect per array (provider/api/dialect-file.ts)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eternus-dialect-"));
    const write = (name: string, rows: Record<string, unknown>) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, JSON.stringify({ format: DIALECT_FILE_FORMAT, probeVersion: "0.4.0", rows }));
      return f;
    };
    const cfgWith = (entries: Record<string, Record<string, unknown>>) => parseArraysConfig(JSON.stringify(entries));

    it("no file: today's defaults", () => {
      assert.equal(resolveDialect(cfgWith({ tokyo: { endpoint: "https://a" } }), "tokyo", {}), DEFAULT_DIALECT);
      assert.equal(resolveDialect(cfgWith({}), "osaka", {}), DEFAULT_DIALECT);
    });

    it("a file in config overrides its rows for that array only", () => {
      const f = write("tokyo.json", { "1": { form: "query:forced", evidence: "accepted" } });
      const cfg = cfgWith({ tokyo: { endpoint: "https://a", dialectFile: f }, osaka: { endpoint: "https://b" } });
      assert.equal(cfg.arrays.tokyo.dialectFile, f);
      assert.deepEqual(resolveDialect(cfg, "tokyo", {}), { ...DEFAULT_DIALECT, forcedDelete: "query:forced" });
      assert.equal(resolveDialect(cfg, "osaka", {}), DEFAULT_DIALECT);
    });

    it("ETERNUS_<NAME>_DIALECT_FILE when config has none; config wins", () => {
      assert.equal(dialectFileEnvName("site-a"), "ETERNUS_SITE_A_DIALECT_FILE");
      const fromEnv = write("env.json", { "7": { form: "query:job_id", evidence: "" } });
      const fromCfg = write("cfg.json", { "15": { form: "documented-only", evidence: "" } });
      const env = { ETERNUS_SITE_A_DIALECT_FILE: fromEnv };
      assert.equal(resolveDialect(cfgWith({}), "site-a", env).jobDelete, "query:job_id");
      const both = resolveDialect(cfgWith({ "site-a": { dialectFile: fromCfg } }), "site-a", env);
      assert.equal(both.recCreate, "documented-only");
      assert.equal(both.jobDelete, DEFAULT_DIALECT.jobDelete);
    });

    it("read at call time: a changed file is seen by the next call", () => {
      const f = write("live.json", {});
      const cfg = cfgWith({ t: { dialectFile: f } });
      assert.equal(resolveDialect(cfg, "t", {}).forcedSuspend, DEFAULT_DIALECT.forcedSuspend);
      write("live.json", { "2": { form: "body:force", evidence: "" } });
      assert.equal(resolveDialect(cfg, "t", {}).forcedSuspend, "body:force");
    });

    it("an unreadable or invalid file is an ERR_CONFIG naming the key, the variable and the problem", () => {
      const missing = path.join(dir, "missing.json");
      assert.throws(() => resolveDialect(cfgWith({ t: { dialectFile: missing } }), "t", {}), (e: unknown) =>
        e instanceof EternusConfigError && e.code === "ERR_CONFIG" && e.configKey === "eternus:arrays.t.dialectFile"
        && /ETERNUS_T_DIALECT_FILE/.test(e.message) && /cannot be read/.test(e.message));
      const bad = write("bad.json", { "1": { form: "header:force", evidence: "" } });
      assert.throws(() => resolveDialect(cfgWith({ t: { dialectFile: bad } }), "t", {}), (e: unknown) =>
        e instanceof EternusConfigError && /rows\.1\.form/.test(e.message) && /npx eternus-rec probe/.test(e.message));
    });

    describe("resolveArray hands the client the array's dialect, resolved once per array and file per process", () => {
      beforeEach(() => forgetResolvedDialects());
      afterEach(() => forgetResolvedDialects());
      const conn = (dialectFile?: string, name = "tokyo") =>
        cfgWith({ [name]: { endpoint: "https://a", username: "u", password: "p", ...(dialectFile ? { dialectFile } : {}) } });

      it("no file: no dialect on the connection (the client uses the defaults)", () => {
        const c = resolveArray(conn(), "tokyo", {});
        assert.equal(c.dialect, undefined);
        assert.equal(c.dialectFile, undefined);
      });

      it("the file's forms and its path; a later change of the file is not re-read in this process", () => {
        const f = write("once.json", { "2": { form: "query:forced", evidence: "drill" } });
        const c = resolveArray(conn(f), "tokyo", {});
        assert.deepEqual(c.dialect, { ...DEFAULT_DIALECT, forcedSuspend: "query:forced" });
        assert.equal(c.dialectFile, f);
        write("once.json", { "2": { form: "body:force", evidence: "" } });
        assert.equal(resolveArray(conn(f), "tokyo", {}).dialect?.forcedSuspend, "query:forced");
        assert.equal(resolveArray(conn(undefined, "osaka"), "osaka", { ETERNUS_OSAKA_DIALECT_FILE: f }).dialect?.forcedSuspend, "body:force", "another array resolves its own");
      });

      it("a missing file: ERR_CONFIG naming the key, the variable, and asking whether it exists", () => {
        assert.throws(() => resolveArray(conn(path.join(dir, "nope.json")), "tokyo", {}), (e: unknown) =>
          e instanceof EternusConfigError && e.configKey === "eternus:arrays.tokyo.dialectFile" && /ETERNUS_TOKYO_DIALECT_FILE/.test(e.message) && /does it exist\?/.test(e.message));
      });
    });

    it("a dialectFile that is not a string is a config problem", () => {
      assert.match(parseArraysConfig(JSON.stringify({ t: { dialectFile: 3 } })).error!, /eternus:arrays\.t\.dialectFile must be a string/);
    });
  });
});
