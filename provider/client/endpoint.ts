/**
 * The one endpoint rule, used by check() through provider/config.ts (preview) and by the transport (up), so
 * an endpoint preview accepts is an endpoint up can use.
 *
 * - No scheme means https://. No port means 5665 (dialect DEFAULT_PORT), also for an explicit https:// URL
 *   without one (a URL parser silently drops an explicit :443, so the port is read from the text).
 * - Path empty, "/" or the API base; no query, no fragment, no user:password@ (credentials belong in the
 *   username/password keys, and a URL is printed in logs).
 * - http:// only with allowHttp: plain HTTP carries the password in clear (docs/unverified-points.md#row-21-tls-and-port).
 * Messages name `eternus:arrays.<name>.endpoint` and the fix, and never echo user info.
 */
import { API_BASE, DEFAULT_PORT } from "../api/dialect";
import { arrayConfigKey, envName, keyAndEnv } from "./config-keys";
import { EternusConfigError } from "./errors";

export interface ParsedEndpoint {
  protocol: "http:" | "https:";
  hostname: string;
  port: number;
  origin: string;
}

export interface EndpointRules {
  arrayName: string;
  /** eternus:arrays.<name>.allowHttp: accept http:// (simulator, lab). */
  allowHttp?: boolean;
}

type Analysis = { endpoint: ParsedEndpoint } | { problem: string };

/** Why `endpoint` cannot be used, or undefined. No I/O. */
export function endpointProblem(endpoint: string, rules: EndpointRules): string | undefined {
  const a = analyze(endpoint, rules);
  return "problem" in a ? a.problem : undefined;
}

/** The endpoint as the transport uses it; throws EternusConfigError naming the config key. */
export function parseEndpoint(endpoint: string, rules: EndpointRules): ParsedEndpoint {
  const a = analyze(endpoint, rules);
  if ("problem" in a) throw new EternusConfigError(a.problem, { arrayName: rules.arrayName, configKey: arrayConfigKey(rules.arrayName, "endpoint") });
  return a.endpoint;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function analyze(endpoint: string, rules: EndpointRules): Analysis {
  const name = rules.arrayName;
  const key = keyAndEnv(name, "endpoint", "ENDPOINT");
  const text = endpoint.trim();
  const bad = (why: string, fix: string): Analysis => ({ problem: `array "${name}": ${key} ${why}; ${fix}` });
  if (text === "") return bad("is empty", `set it to https://<array address>:${DEFAULT_PORT}`);
  // Any "@" (not only one inside the authority): a password holding "/", "?" or "#" ends the authority early,
  // so a URL parser would read "user:pa" as a host and the rest as a path. Nothing below may echo such a text.
  if (text.includes("@")) {
    return bad("must not contain a user name or password", `remove "<user>:<password>@" and set ${arrayConfigKey(name, "username")} and ${arrayConfigKey(name, "password")} (pulumi config set --secret --path) instead`);
  }
  const withScheme = SCHEME.test(text) ? text : `https://${text}`;
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(withScheme)?.[1] ?? "";
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    return bad(`"${text}" is not a valid URL`, `set it to https://<array address>:${DEFAULT_PORT}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    return bad(`"${text}" must use https://`, `set it to https://${u.host || "<array address>"}:${DEFAULT_PORT}`);
  }
  const explicitPort = /:(\d+)$/.exec(authority.replace(/^\[[^\]]*\]/, ""))?.[1];
  const port = explicitPort !== undefined ? Number(explicitPort) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return bad(`"${text}" has port ${explicitPort}, outside 1-65535`, `the ETERNUS REST API listens on ${DEFAULT_PORT}`);
  const base = `${u.protocol}//${u.hostname}:${port}`;
  const path = u.pathname.replace(/\/+$/, "");
  if (path !== "" && path !== API_BASE) return bad(`"${text}" must not have a path (got "${u.pathname}")`, `set it to ${base} (the client adds ${API_BASE})`);
  if (u.search || u.hash) return bad(`"${text}" must not have a query or fragment`, `set it to ${base}`);
  if (u.protocol === "http:" && rules.allowHttp !== true) {
    return bad(`"${text}" is plain http://, which sends the array password unencrypted`,
      `use https://${u.hostname}:${port} (the array's REST API speaks HTTPS on port ${DEFAULT_PORT}), or, for a simulator or lab only, set ${arrayConfigKey(name, "allowHttp")} true (or ${envName(name, "ALLOW_HTTP")}=true)`);
  }
  return { endpoint: { protocol: u.protocol, hostname: u.hostname, port, origin: base } };
}
