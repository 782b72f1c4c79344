/**
 * Array connections: stack config read in the dynamic provider's `configure`, environment fallback read at
 * call time. Credentials never come from resource inputs, constructor arguments or module-level values
 * (they would be serialized into the program's state).
 *
 * How configure expects config (for the gRPC plugin layer and the real-engine tests)
 * -------------------------------------------------------------------------------
 * The engine passes the whole stack config to `Configure` with namespaced keys. Structured config set with
 * `--path` arrives as ONE JSON string per top-level key, secrets decrypted:
 *
 *   Configure args: { "eternus:arrays": "{\"tokyo\":{\"endpoint\":\"https://10.0.0.1:5665\",
 *                       \"username\":\"admin\",\"password\":\"...\",\"caCertFile\":\"/etc/ca.pem\"}}" }
 *
 * Per array (all optional in config; the environment fills what is missing):
 *   endpoint              https URL, port 5665 when none is given         env ETERNUS_<NAME>_ENDPOINT
 *                         (rules: provider/client/endpoint.ts, shared with the client)
 *   username                                                               env ETERNUS_<NAME>_USERNAME
 *   password              set with --secret                                env ETERNUS_<NAME>_PASSWORD
 *   caCert                PEM text of a CA trusted for this array only
 *   caCertFile            path of such a PEM file, read at call time       env ETERNUS_<NAME>_CA_CERT_FILE
 *   insecureSkipVerify    boolean (or "true"/"false"), default false; LOUD warning when true
 *   requestTimeoutSeconds positive number, default 60 (client default)
 *   allowHttp             boolean (or "true"/"false"), default false: accept an http:// endpoint (simulator,
 *                         lab); the password then travels in clear, so a LOUD warning   env ETERNUS_<NAME>_ALLOW_HTTP
 *   dialectFile           path of the probe's dialect file for this array, read at call time
 *                         (provider/api/dialect-file.ts; docs/real-array.md)             env ETERNUS_<NAME>_DIALECT_FILE
 * Stack-wide: `eternus:previewChecks` (check() logs in at preview) and `eternus:trace` (a file path: every REST
 * exchange appended there, redacted; provider/trace/trace.ts, env ETERNUS_TRACE).
 * <NAME> is the array name upper-cased with every non-alphanumeric character replaced by "_"
 * ("site-a" -> ETERNUS_SITE_A_ENDPOINT). Config wins field by field; the environment is a fallback.
 * An array exists when it has a config entry or an ETERNUS_<NAME>_ENDPOINT variable.
 *
 * The parsed config is kept in a WeakMap keyed by the provider object (never an own field of the object),
 * so even a configured provider object serializes without credentials.
 */
import * as fs from "fs";
import { DEFAULT_DIALECT, Dialect } from "./api/dialect";
import { parseDialectFile } from "./api/dialect-file";
import { ARRAYS_CONFIG_KEY, arrayConfigKey, envName, keyAndEnv, PREVIEW_CHECKS_CONFIG_KEY } from "./client/config-keys";
import { endpointProblem } from "./client/endpoint";
import { EternusConfigError } from "./client/errors";
import type { ArrayConnection } from "./client/types";
import { configureTrace, TRACE_CONFIG_KEY } from "./trace/trace";

// Re-exported so callers of this module keep compiling; the definitions live with the client.
export { ARRAYS_CONFIG_KEY, envName, EternusConfigError, PREVIEW_CHECKS_CONFIG_KEY };

export interface ArrayConfigEntry {
  endpoint?: string;
  username?: string;
  password?: string;
  caCert?: string;
  caCertFile?: string;
  insecureSkipVerify?: boolean;
  requestTimeoutSeconds?: number;
  allowHttp?: boolean;
  dialectFile?: string;
}

export interface ProviderConfig {
  arrays: Record<string, ArrayConfigEntry>;
  /** Set when eternus:arrays could not be parsed; reported by check/create instead of throwing in configure. */
  error?: string;
  /** eternus:previewChecks: log in and run the read-only pre-flight checks in check() (preview). */
  previewChecks?: boolean | "invalid";
}

/** What configure receives (pulumi.dynamic.ConfigureRequest). */
export interface ConfigSource {
  config: { get(key: string): string | undefined };
}

const EMPTY: ProviderConfig = { arrays: {} };
const configured = new WeakMap<object, ProviderConfig>();

/** configure(): parse stack config and remember it for this provider object (process memory only). */
export function configureProvider(provider: object, req: ConfigSource | undefined): void {
  const get = (key: string) => {
    try {
      return req?.config?.get(key);
    } catch {
      return undefined;
    }
  };
  const cfg = parseArraysConfig(get(ARRAYS_CONFIG_KEY));
  const checks = asBool(get(PREVIEW_CHECKS_CONFIG_KEY));
  if (checks !== undefined) cfg.previewChecks = checks;
  // The trace (opt-in) redacts every configured password, also of arrays no resource uses.
  configureTrace(get(TRACE_CONFIG_KEY), Object.values(cfg.arrays).map((a) => a.password));
  configured.set(provider, cfg);
}

/** The config remembered for a provider object; an unconfigured object gets the empty config (env only). */
export function configOf(provider: unknown): ProviderConfig {
  if (provider && typeof provider === "object") return configured.get(provider) ?? EMPTY;
  return EMPTY;
}

function asBool(v: unknown): boolean | undefined | "invalid" {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return "invalid";
}

function asNumber(v: unknown): number | undefined | "invalid" {
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : "invalid";
}

/** Parse the JSON string (or object) of eternus:arrays. Never throws; problems land in `error`. */
export function parseArraysConfig(raw: unknown): ProviderConfig {
  if (raw === undefined || raw === null || raw === "") return { arrays: {} };
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      // Never echo the text: it may hold a password.
      return { arrays: {}, error: `${ARRAYS_CONFIG_KEY} is not valid JSON (set it with: pulumi config set --path 'eternus:arrays.<name>.endpoint' ...)` };
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { arrays: {}, error: `${ARRAYS_CONFIG_KEY} must be an object keyed by array name` };
  }
  const arrays: Record<string, ArrayConfigEntry> = {};
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
      problems.push(`${ARRAYS_CONFIG_KEY}.${name} must be an object with endpoint, username, password`);
      continue;
    }
    const e = entry as Record<string, unknown>;
    const out: ArrayConfigEntry = {};
    for (const k of ["endpoint", "username", "password", "caCert", "caCertFile", "dialectFile"] as const) {
      if (e[k] === undefined || e[k] === null) continue;
      if (typeof e[k] !== "string") problems.push(`${ARRAYS_CONFIG_KEY}.${name}.${k} must be a string`);
      else if (e[k] !== "") out[k] = e[k] as string;
    }
    for (const k of ["insecureSkipVerify", "allowHttp"] as const) {
      const b = asBool(e[k]);
      if (b === "invalid") problems.push(`${arrayConfigKey(name, k)} must be true or false`);
      else if (b !== undefined) out[k] = b;
    }
    const timeout = asNumber(e.requestTimeoutSeconds);
    if (timeout === "invalid") problems.push(`${ARRAYS_CONFIG_KEY}.${name}.requestTimeoutSeconds must be a positive number`);
    else if (timeout !== undefined) out.requestTimeoutSeconds = timeout;
    arrays[name] = out;
  }
  return problems.length ? { arrays, error: problems.join("; ") } : { arrays };
}

/** Every array name the config or the environment (ETERNUS_<NAME>_ENDPOINT) knows, sorted (the probe's default). */
export function knownNames(cfg: ProviderConfig, env: NodeJS.ProcessEnv): string[] {
  const names = new Set(Object.keys(cfg.arrays));
  for (const k of Object.keys(env)) {
    const m = /^ETERNUS_(.+)_ENDPOINT$/.exec(k);
    if (m && env[k]) names.add(m[1]);
  }
  return [...names].sort();
}

interface Merged {
  entry: ArrayConfigEntry | undefined;
  endpoint?: string;
  username?: string;
  password?: string;
  caCert?: string;
  caCertFile?: string;
  /** Config wins; else ETERNUS_<NAME>_ALLOW_HTTP; "invalid" when the variable is neither true nor false. */
  allowHttp?: boolean | "invalid";
}

function merge(cfg: ProviderConfig, name: string, env: NodeJS.ProcessEnv): Merged {
  const entry = Object.prototype.hasOwnProperty.call(cfg.arrays, name) ? cfg.arrays[name] : undefined;
  const pick = (v: string | undefined, suffix: Parameters<typeof envName>[1]) => v ?? (env[envName(name, suffix)] || undefined);
  // Credentials from the environment WIN: refresh and destroy run with the configuration stored at the
  // last up, so after a password rotation the variable is how the new password reaches them.
  const override = (v: string | undefined, suffix: Parameters<typeof envName>[1]) => env[envName(name, suffix)] || v;
  return {
    entry,
    endpoint: pick(entry?.endpoint, "ENDPOINT"),
    username: override(entry?.username, "USERNAME"),
    password: override(entry?.password, "PASSWORD"),
    caCert: entry?.caCert,
    caCertFile: pick(entry?.caCertFile, "CA_CERT_FILE"),
    allowHttp: entry?.allowHttp ?? asBool(env[envName(name, "ALLOW_HTTP")]),
  };
}

/**
 * Why `arrayName` cannot be used, or undefined when it can. Used by check (preview time) and resolveArray.
 * Does not read files or the network.
 */
export function arrayProblem(cfg: ProviderConfig, arrayName: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const m = merge(cfg, arrayName, env);
  if (!m.entry && !m.endpoint) {
    const known = knownNames(cfg, env);
    const hint = `configure it with: pulumi config set --path '${ARRAYS_CONFIG_KEY}.${arrayName}.endpoint' https://<address>:5665 (or set ${envName(arrayName, "ENDPOINT")})`;
    return `unknown array "${arrayName}" (${known.length ? `known arrays: ${known.join(", ")}` : "no arrays are configured"}); ${hint}`;
  }
  const missing: string[] = [];
  if (!m.endpoint) missing.push(`endpoint (${ARRAYS_CONFIG_KEY}.${arrayName}.endpoint or ${envName(arrayName, "ENDPOINT")})`);
  if (!m.username) missing.push(`username (${ARRAYS_CONFIG_KEY}.${arrayName}.username or ${envName(arrayName, "USERNAME")})`);
  if (!m.password) missing.push(`password (pulumi config set --secret --path '${ARRAYS_CONFIG_KEY}.${arrayName}.password' or ${envName(arrayName, "PASSWORD")})`);
  if (missing.length) return `array "${arrayName}" has no ${missing.join(", no ")}`;
  if (m.allowHttp === "invalid") return `array "${arrayName}": ${envName(arrayName, "ALLOW_HTTP")} must be true or false`;
  return endpointProblem(m.endpoint!, { arrayName, allowHttp: m.allowHttp });
}

const warnedInsecure = new Set<string>();

/** The full connection for one array; reads caCertFile now (call time). Throws EternusConfigError. */
export function resolveArray(cfg: ProviderConfig, arrayName: string, env: NodeJS.ProcessEnv = process.env): ArrayConnection {
  const problem = arrayProblem(cfg, arrayName, env);
  if (problem) throw new EternusConfigError(cfg.error ? `${problem} (also: ${cfg.error})` : problem, { arrayName });
  const m = merge(cfg, arrayName, env);
  const conn: ArrayConnection = {
    name: arrayName,
    endpoint: /^[a-z]+:\/\//i.test(m.endpoint!) ? m.endpoint! : `https://${m.endpoint}`,
    username: m.username!,
    password: m.password!,
  };
  if (m.caCert) conn.caCert = m.caCert;
  else if (m.caCertFile) {
    try {
      conn.caCert = fs.readFileSync(m.caCertFile, "utf8");
    } catch (e) {
      throw new EternusConfigError(`array "${arrayName}": ${keyAndEnv(arrayName, "caCertFile", "CA_CERT_FILE")} ${m.caCertFile} cannot be read: ${(e as Error).message}`,
        { arrayName, configKey: arrayConfigKey(arrayName, "caCertFile"), cause: e });
    }
  }
  if (m.entry?.insecureSkipVerify) {
    conn.insecureSkipVerify = true;
    if (!warnedInsecure.has(arrayName)) {
      warnedInsecure.add(arrayName);
      console.error(`[eternus] WARNING: TLS certificate verification is DISABLED for array "${arrayName}" ` +
        `(${ARRAYS_CONFIG_KEY}.${arrayName}.insecureSkipVerify=true). Anyone on the network path can read the ` +
        `array password. Set caCert or caCertFile instead.`);
    }
  }
  if (m.entry?.requestTimeoutSeconds) conn.requestTimeoutSeconds = m.entry.requestTimeoutSeconds;
  // The loud warning for plain HTTP is the client's (once per client, at creation).
  if (m.allowHttp === true) conn.allowHttp = true;
  const dialect = dialectOnce(cfg, arrayName, env);
  if (dialect !== DEFAULT_DIALECT) {
    conn.dialect = dialect;
    conn.dialectFile = dialectFileOf(cfg, arrayName, env);
  }
  return conn;
}

/** ETERNUS_<NAME>_DIALECT_FILE. */
export function dialectFileEnvName(arrayName: string): string {
  return envName(arrayName, "DIALECT_FILE");
}

/** The dialect file an array names (config wins over the environment), or undefined. */
function dialectFileOf(cfg: ProviderConfig, arrayName: string, env: NodeJS.ProcessEnv): string | undefined {
  const own = Object.prototype.hasOwnProperty.call(cfg.arrays, arrayName) ? cfg.arrays[arrayName]!.dialectFile : undefined;
  return own ?? (env[dialectFileEnvName(arrayName)] || undefined);
}

const RESOLVED_DIALECTS = Symbol.for("pulumi-eternus-rec.resolved-dialects");

/**
 * The array's dialect for the client: resolved ONCE per array and file per process (every operation asks
 * resolveArray again; the file is not re-read under a running `pulumi up`). A bad file is not remembered:
 * the next call reads it again. On globalThis: the serialized provider may load this module twice.
 */
function dialectOnce(cfg: ProviderConfig, arrayName: string, env: NodeJS.ProcessEnv): Dialect {
  const file = dialectFileOf(cfg, arrayName, env);
  if (!file) return DEFAULT_DIALECT;
  const g = globalThis as unknown as Record<symbol, Map<string, Dialect> | undefined>;
  const resolved = (g[RESOLVED_DIALECTS] ??= new Map());
  const key = `${arrayName}\n${file}`;
  let d = resolved.get(key);
  if (!d) resolved.set(key, d = resolveDialect(cfg, arrayName, env));
  return d;
}

/** Tests: forget the dialects resolved so far (a new process). */
export function forgetResolvedDialects(): void {
  (globalThis as unknown as Record<symbol, Map<string, Dialect> | undefined>)[RESOLVED_DIALECTS]?.clear();
}

/**
 * The REST dialect of one array: the defaults, overridden row by row by the array's dialect file (config
 * wins over the environment). Reads the file now (call time). Throws EternusConfigError naming the key.
 */
export function resolveDialect(cfg: ProviderConfig, arrayName: string, env: NodeJS.ProcessEnv = process.env): Dialect {
  const file = dialectFileOf(cfg, arrayName, env);
  if (!file) return DEFAULT_DIALECT;
  const configKey = arrayConfigKey(arrayName, "dialectFile");
  const where = `array "${arrayName}": ${configKey} (or ${dialectFileEnvName(arrayName)}) ${file}`;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new EternusConfigError(`${where} cannot be read: ${(e as Error).message} (does it exist? a relative path is relative to the directory pulumi runs in; fix the path or unset the key)`, { arrayName, configKey, cause: e });
  }
  const r = parseDialectFile(text);
  if ("problem" in r) {
    throw new EternusConfigError(`${where} is not a dialect file the provider can use: ${r.problem} (write it with: npx eternus-rec probe)`, { arrayName, configKey });
  }
  return r.dialect;
}
