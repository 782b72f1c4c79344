/**
 * Lists: follow next_href until absent [M:cs-list, M:fields]; docs/unverified-points.md#row-22-default-page-size: pages are small (100), so this runs
 * on every real list. A repeated next_href or an empty page that still points further stops with an error
 * instead of looping.
 *
 * A next_href is the array's text, and it becomes our request line with our token: it is resolved against
 * the array's own origin (an href naming another host, port or scheme is refused: the token never goes
 * there), characters a request line cannot carry are %-encoded by the URL parser, and control characters
 * (which a URL parser would silently drop) are refused. Every refusal is ERR_BAD_RESPONSE, never retried.
 */
import { API_BASE } from "../api/dialect";
import type { ApiRequest } from "../api/request";
import type { ListPage } from "../api/schema-kit";
import { EternusApiError } from "./errors";
import { pathOnly } from "./transport";
import { controlCharProblem, escapedForMessage, requestTargetProblem } from "./wire-text";

export const MAX_PAGES = 10_000;
/** How much of a refused next_href a message shows. */
const HREF_IN_MESSAGE = 120;

/** Where the pages come from: the array's name (messages) and origin (`https://host:5665`, hrefs resolve against it). */
export interface PageSource {
  arrayName: string;
  origin: string;
}

function effectivePort(u: URL): string {
  return u.port || (u.protocol === "https:" ? "443" : u.protocol === "http:" ? "80" : "");
}

/** A next_href as a request path on `origin`, or why it cannot be one. */
export function nextHrefPath(href: string, origin: string): { path: string } | { problem: string } {
  const control = controlCharProblem(href);
  if (control) return { problem: control };
  let u: URL;
  const base = new URL(`${origin}${API_BASE}/`);
  try {
    u = new URL(href, base);
  } catch {
    return { problem: "is not a URL" };
  }
  if (u.protocol !== base.protocol || u.hostname !== base.hostname || effectivePort(u) !== effectivePort(base)) {
    return { problem: `points to ${u.protocol}//${u.host}, not to the array's ${origin} (the client sends its token to the configured endpoint only; if the array names itself by another address, set the endpoint to that address)` };
  }
  if (u.username || u.password) return { problem: "carries user information" };
  const path = `${u.pathname}${u.search}`;
  const bad = requestTargetProblem(path);
  return bad ? { problem: bad } : { path };
}

export async function collectPages<T>(first: ApiRequest, fetchPage: (req: ApiRequest) => Promise<ListPage<T>>, source: PageSource): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let req: ApiRequest | undefined = first;
  for (let page = 0; req; page++) {
    if (page >= MAX_PAGES) throw pagingError(first, source, `more than ${MAX_PAGES} pages`);
    seen.add(req.path);
    const p: ListPage<T> = await fetchPage(req);
    items.push(...p.items);
    if (!p.nextHref) break;
    const next = nextHrefPath(p.nextHref, source.origin);
    if ("problem" in next) throw pagingError(first, source, `next_href "${escapedForMessage(p.nextHref, HREF_IN_MESSAGE)}" ${next.problem}`);
    if (seen.has(next.path)) throw pagingError(first, source, `next_href repeats (${next.path})`);
    if (p.items.length === 0) throw pagingError(first, source, "an empty page still has a next_href");
    req = { ...first, path: next.path };
  }
  return items;
}

function pagingError(req: ApiRequest, source: PageSource, why: string): EternusApiError {
  return new EternusApiError({ arrayName: source.arrayName, method: req.method, path: pathOnly(req.path), status: 200, code: "ERR_BAD_RESPONSE", arrayMessage: `paging failed: ${why}` });
}
