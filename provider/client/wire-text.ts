/**
 * What an HTTP/1.1 request line and a header can carry, checked BEFORE a request reaches undici: undici
 * refuses such a request with UND_ERR_INVALID_ARG from inside its pool, which leaves that connection's slot
 * marked busy for good (four of them and every later request to the array hangs). A text from the array
 * (a next_href, a token) that fails here is the array's bad answer, not a network problem: never retried.
 */

/** Printable ASCII without space: what the client puts in a request target (everything else is %-encoded). */
const REQUEST_TARGET = /^[\x21-\x7e]+$/;
/** RFC 9110 field-value, as undici checks it (tab, space, visible ASCII, obs-text). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** A bearer token [RFC 6750 b64token is narrower]: visible ASCII, no space. */
const TOKEN = /^[\x21-\x7e]+$/;

/** "U+0020 (space) at 12": the first character a text may not carry, never the text itself. */
function firstBad(text: string, ok: RegExp): string {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!ok.test(c)) {
      const cp = c.codePointAt(0)!;
      const name = cp === 0x20 ? " (space)" : cp < 0x20 || cp === 0x7f ? " (control character)" : "";
      return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}${name} at ${i}`;
    }
  }
  return "";
}

/** Why `path` cannot be a request target, or undefined. */
export function requestTargetProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return "does not start with /";
  return REQUEST_TARGET.test(path) ? undefined : `has a character a request line cannot carry (${firstBad(path, /[\x21-\x7e]/)})`;
}

/** Why `value` cannot be a header value, or undefined. */
export function headerValueProblem(value: string): string | undefined {
  return FIELD_VALUE.test(value) ? undefined : `has a character a header cannot carry (${firstBad(value, /[\t\x20-\x7e\x80-\xff]/)})`;
}

/** Why `token` cannot go into `Authorization: Bearer <token>`, or undefined. Never echoes the token. */
export function bearerTokenProblem(token: string): string | undefined {
  if (token === "") return "is empty";
  return TOKEN.test(token) ? undefined : `has a character an Authorization header cannot carry (${firstBad(token, /[\x21-\x7e]/)})`;
}

/** ASCII control characters (C0 and DEL): a URL parser would silently drop some of them. */
export function controlCharProblem(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f]/.test(text) ? `has a control character (${firstBad(text, /[^\x00-\x1f\x7f]/)})` : undefined;
}

/** A text with control characters (and quotes) escaped, cut at `max`: for a message about a text that has them. */
export function escapedForMessage(text: string, max = 200): string {
  const s = JSON.stringify(text).slice(1, -1);
  return s.length > max ? `${s.slice(0, max)}...` : s;
}
