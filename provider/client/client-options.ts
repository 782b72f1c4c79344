/** What a client is built from: its options, and the checks and warnings of a connection. */
import { arrayConfigKey, envName } from "./config-keys";
import { EternusConfigError } from "./errors";
import type { JobPollPolicy } from "./jobs";
import type { ExchangeEvent } from "./pipeline/exchange";
import type { RequestEvent } from "./pipeline/observe";
import type { RetryPolicy } from "./retry";
import type { Sleep } from "./runtime";
import { parseEndpoint } from "./endpoint";
import type { HttpTransport, TransportOptions } from "./transport";
import type { ArrayConnection } from "./types";

export interface EternusClientOptions {
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  /** A signal aborting after `ms` of the same clock as `now` (bounds close(); default real time). */
  timeout?: (ms: number) => AbortSignal;
  /** Warnings and retry lines (default: stderr). */
  log?: (line: string) => void;
  /** Called after every HTTP exchange, logins included. */
  onRequest?: (event: RequestEvent) => void;
  /** Called once per HTTP exchange with the redacted bodies (the trace, the probe's transcript). */
  onExchange?: (event: ExchangeEvent) => void;
  retry?: Partial<RetryPolicy>;
  jobPoll?: Partial<JobPollPolicy>;
  /** Parallel connections per array (default 4). */
  connections?: number;
  /** Tests: the transport to use instead of undici (gets the options the real one would). */
  transport?: (conn: ArrayConnection, o: TransportOptions) => HttpTransport;
  /** Logout retry bound (default auth.ts LOGOUT_RETRY_POLICY). */
  logoutRetry?: RetryPolicy;
}

/** Credentials present; loud warnings (once per array and endpoint per process) for insecure transports. */
export function checkConnection(conn: ArrayConnection, log: (line: string) => void): void {
  if (!conn.name) throw new EternusConfigError("array connection has no name");
  if (!conn.username || !conn.password) {
    throw new EternusConfigError(`array "${conn.name}": username and password are required (${arrayConfigKey(conn.name, "username")}, ${arrayConfigKey(conn.name, "password")})`, { arrayName: conn.name });
  }
  const ep = parseEndpoint(conn.endpoint, { arrayName: conn.name, allowHttp: conn.allowHttp });
  if (conn.insecureSkipVerify && ep.protocol === "https:" && firstWarning(`insecure ${conn.name} ${ep.origin}`)) {
    log(`[eternus] WARNING: array ${conn.name}: TLS certificate verification is DISABLED for ${ep.origin} (insecureSkipVerify); use caCert/caCertFile instead`);
  }
  if (ep.protocol === "http:" && firstWarning(`http ${conn.name} ${ep.origin}`)) {
    // Only reachable with allowHttp (endpoint.ts refuses http:// otherwise).
    log(`[eternus] WARNING: array ${conn.name}: plain HTTP to ${ep.origin}: the password and tokens travel UNENCRYPTED ` +
      `(${arrayConfigKey(conn.name, "allowHttp")} / ${envName(conn.name, "ALLOW_HTTP")}); use https:// for a real array`);
  }
}

/**
 * A client is created again after an idle logout or a rotated password, and a warning repeated per client
 * would drown the plan output.
 */
const warned = new Set<string>();
function firstWarning(key: string): boolean {
  if (warned.has(key)) return false;
  warned.add(key);
  return true;
}
