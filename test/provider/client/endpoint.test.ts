/** provider/client/endpoint.ts: the one endpoint rule shared by check() and the transport. */
import { strict as assert } from "node:assert";
import { endpointProblem, parseEndpoint } from "../../../provider/client/endpoint";
import { EternusConfigError, EternusError } from "../../../provider/client/errors";

const rules = { arrayName: "tokyo" };

describe("client/endpoint", () => {
  const accepted: Array<[string, string, number, string]> = [
    ["10.0.0.1", "https:", 5665, "https://10.0.0.1:5665"],
    ["https://10.0.0.1", "https:", 5665, "https://10.0.0.1:5665"],
    ["https://10.0.0.1:443", "https:", 443, "https://10.0.0.1:443"], // explicit :443 kept, not dropped as default
    ["https://array.example:5665/", "https:", 5665, "https://array.example:5665"],
    ["https://array.example:5665/api/v1", "https:", 5665, "https://array.example:5665"],
    ["  https://array.example:1234/api/v1/  ", "https:", 1234, "https://array.example:1234"],
    ["https://[::1]:5665", "https:", 5665, "https://[::1]:5665"],
    ["https://[::1]", "https:", 5665, "https://[::1]:5665"],
  ];
  for (const [text, protocol, port, origin] of accepted) {
    it(`accepts ${JSON.stringify(text)} as ${origin}`, () => {
      const ep = parseEndpoint(text, rules);
      assert.deepEqual([ep.protocol, ep.port, ep.origin], [protocol, port, origin]);
      assert.equal(endpointProblem(text, rules), undefined);
    });
  }

  const refused: Array<[string, RegExp]> = [
    ["https://h:5665/foo", /must not have a path \(got "\/foo"\); set it to https:\/\/h:5665/],
    ["https://h:5665/api/v2", /must not have a path/],
    ["https://h:5665?x=1", /must not have a query or fragment/],
    ["https://h:5665#frag", /must not have a query or fragment/],
    ["ftp://h", /must use https:\/\//],
    ["https://h:99999", /not a valid URL|outside 1-65535/],
    ["https://h:0", /outside 1-65535/],
    ["", /is empty/],
    ["http://h:5665", /plain http:\/\/.*unencrypted.*use https:\/\/h:5665.*eternus:arrays\.tokyo\.allowHttp true \(or ETERNUS_TOKYO_ALLOW_HTTP=true\)/],
  ];
  for (const [text, why] of refused) {
    it(`refuses ${JSON.stringify(text)}, naming the config key and the fix`, () => {
      const p = endpointProblem(text, rules);
      assert.ok(p, "a problem is reported");
      assert.match(p, /^array "tokyo": eternus:arrays\.tokyo\.endpoint \(or ETERNUS_TOKYO_ENDPOINT\) /);
      assert.match(p, why);
      assert.throws(() => parseEndpoint(text, rules), (e: unknown) => e instanceof EternusConfigError && e.message === p);
    });
  }

  it("refuses user:password@ without echoing either, and points at the username/password keys", () => {
    const p = endpointProblem("https://admin:hunter2@h:5665", rules)!;
    assert.match(p, /must not contain a user name or password/);
    assert.match(p, /eternus:arrays\.tokyo\.username and eternus:arrays\.tokyo\.password/);
    assert.doesNotMatch(p, /hunter2|admin/);
    assert.match(endpointProblem("https://user@h", rules)!, /must not contain a user name/);
  });

  it("a password holding /, ? or # (which ends a URL's authority early) is never echoed either", () => {
    for (const text of ["https://admin:hun/ter2@h:5665", "https://admin:hun?ter2@h:5665", "https://admin:hun#ter2@h:5665", "admin:p/w?x#y@h", "https://admin:a@b@h"]) {
      const p = endpointProblem(text, rules)!;
      assert.match(p, /must not contain a user name or password/, text);
      assert.doesNotMatch(p, /hun|ter2|admin|p\/w/, text);
      assert.throws(() => parseEndpoint(text, rules), (e: unknown) => e instanceof EternusConfigError && !/ter2|admin/.test((e as Error).message));
    }
  });

  it("http:// is accepted only with allowHttp", () => {
    assert.equal(parseEndpoint("http://127.0.0.1:8080", { arrayName: "sim", allowHttp: true }).origin, "http://127.0.0.1:8080");
    assert.equal(parseEndpoint("http://127.0.0.1", { arrayName: "sim", allowHttp: true }).port, 5665);
    assert.ok(endpointProblem("http://127.0.0.1:8080", { arrayName: "sim", allowHttp: false }));
  });

  it("the error is an EternusConfigError in the client hierarchy: code ERR_CONFIG, array and key named", () => {
    try {
      parseEndpoint("https://h/x", rules);
      assert.fail("expected a throw");
    } catch (e) {
      assert.ok(e instanceof EternusConfigError);
      assert.ok(e instanceof EternusError);
      assert.equal(e.code, "ERR_CONFIG");
      assert.equal(e.name, "EternusConfigError");
      assert.equal(e.arrayName, "tokyo");
      assert.equal(e.configKey, "eternus:arrays.tokyo.endpoint");
    }
  });
});
