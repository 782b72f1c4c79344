/**
 * Transport failures: what a thrown undici / socket error means (did the request maybe reach the array?) and
 * the message that says so, naming the endpoint key where the fix is in config.
 */
import { DEFAULT_PORT } from "../api/dialect";
import { arrayConfigKey, keyAndEnv } from "./config-keys";
import type { ParsedEndpoint } from "./endpoint";
import type { TransportFailure } from "./errors";

/** Classify a thrown transport error. */
export function classifyTransportError(err: unknown): TransportFailure {
  const code = errCode(err);
  const name = (err as { name?: unknown })?.name;
  if (code === "UND_ERR_ABORTED" || name === "AbortError") return { kind: "aborted", maybeSent: true, causeCode: code };
  // undici refused to send it (a request line or header it cannot carry): nothing left this process.
  if (code === "UND_ERR_INVALID_ARG") return { kind: "invalid", maybeSent: false, causeCode: code };
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME_MISMATCH|ALTNAME/.test(code)) {
    return { kind: "tls", maybeSent: false, causeCode: code };
  }
  switch (code) {
    case "ECONNREFUSED": case "EHOSTUNREACH": case "ENETUNREACH": case "EHOSTDOWN": case "EADDRNOTAVAIL":
    case "UND_ERR_CONNECT_TIMEOUT":
      return { kind: "connect", maybeSent: false, causeCode: code };
    case "ENOTFOUND": case "EAI_AGAIN":
      return { kind: "dns", maybeSent: false, causeCode: code };
    case "ECONNRESET": case "EPIPE": case "UND_ERR_SOCKET": case "ECONNABORTED":
      return { kind: "reset", maybeSent: true, causeCode: code };
    case "UND_ERR_HEADERS_TIMEOUT": case "UND_ERR_BODY_TIMEOUT": case "ETIMEDOUT":
      return { kind: "timeout", maybeSent: true, causeCode: code };
    case "UND_ERR_CLOSED": case "UND_ERR_DESTROYED":
      return { kind: "other", maybeSent: false, causeCode: code };
    default:
      return { kind: "other", maybeSent: true, causeCode: code };
  }
}

function errCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const c = (err as { code?: unknown }).code;
  if (typeof c === "string") return c;
  const cause = (err as { cause?: unknown }).cause;
  return cause && cause !== err ? errCode(cause) : undefined;
}

/** The server answered our ClientHello with something that is not TLS (typically an HTTP 400). */
export function isPlainReplyToTls(t: TransportFailure, err: unknown): boolean {
  return t.causeCode === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number/i.test(messageOf(err));
}

export function messageOf(err: unknown): string {
  return (err as Error)?.message ?? String(err);
}

/** "(CODE: message)" without repeating the code when the message already carries it. */
function detailOf(t: TransportFailure, err: unknown): string {
  const msg = messageOf(err).split("\n")[0]!.trim();
  if (!t.causeCode) return msg;
  return msg.includes(t.causeCode) || msg === "" ? (msg || t.causeCode) : `${t.causeCode}: ${msg}`;
}

export function transportMessage(t: TransportFailure, err: unknown, ep: ParsedEndpoint, arrayName: string): string {
  const where = `${ep.hostname}:${ep.port}`;
  const key = keyAndEnv(arrayName, "endpoint", "ENDPOINT");
  switch (t.kind) {
    case "tls": return `TLS verification of ${where} failed (${detailOf(t, err)}); trust the array's CA with ${arrayConfigKey(arrayName, "caCertFile")} or ${arrayConfigKey(arrayName, "caCert")} (${arrayConfigKey(arrayName, "insecureSkipVerify")} only as a last resort)`;
    case "timeout": return `no response from ${where} in time (${t.causeCode ?? "timeout"})`;
    case "connect":
      if (t.causeCode === "ECONNREFUSED" && t.beforeFirstResponse) {
        return `cannot connect to ${where} (connection refused: nothing listens there); check ${key}: the ETERNUS REST API uses port ${DEFAULT_PORT} and must be enabled on the array`;
      }
      return `cannot connect to ${where} (${detailOf(t, err)})${t.beforeFirstResponse ? `; check ${key} and the network path to the array` : ""}`;
    case "dns": return `cannot resolve ${ep.hostname} (${t.causeCode}); check ${key}`;
    case "reset": return `connection to ${where} lost (${detailOf(t, err)})`;
    case "aborted": return "request aborted";
    case "invalid": return `request not sent (${detailOf(t, err)})`;
    default: return `request to ${where} failed (${detailOf(t, err)})`;
  }
}
