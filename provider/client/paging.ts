/**
 * Lists: follow next_href until absent [M:cs-list, M:fields]; docs/unverified-points.md#row-22-default-page-size: pages are small (100), so this runs
 * on every real list. A repeated next_href or an empty page that still points further stops with an error
 * instead of looping.
 */
import { API_BASE } from "../api/dialect";
import type { ApiRequest } from "../api/request";
import type { ListPage } from "../api/schema-kit";
import { EternusApiError } from "./errors";
import { pathOnly } from "./transport";

export const MAX_PAGES = 10_000;

/** A next_href as a request path: absolute URLs lose their origin; relative ones get the API base. */
export function nextHrefPath(href: string): string {
  if (/^[a-z]+:\/\//i.test(href)) {
    const u = new URL(href);
    return `${u.pathname}${u.search}`;
  }
  if (href.startsWith("/")) return href;
  return `${API_BASE}/${href}`;
}

export async function collectPages<T>(
  first: ApiRequest,
  fetchPage: (req: ApiRequest) => Promise<ListPage<T>>,
  arrayName: string,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let req: ApiRequest | undefined = first;
  for (let page = 0; req; page++) {
    if (page >= MAX_PAGES) throw pagingError(first, arrayName, `more than ${MAX_PAGES} pages`);
    seen.add(req.path);
    const p: ListPage<T> = await fetchPage(req);
    items.push(...p.items);
    if (!p.nextHref) break;
    const next = nextHrefPath(p.nextHref);
    if (seen.has(next)) throw pagingError(first, arrayName, `next_href repeats (${next})`);
    if (p.items.length === 0) throw pagingError(first, arrayName, "an empty page still has a next_href");
    req = { ...first, path: next };
  }
  return items;
}

function pagingError(req: ApiRequest, arrayName: string, why: string): EternusApiError {
  return new EternusApiError({ arrayName, method: req.method, path: pathOnly(req.path), status: 200, code: "ERR_BAD_RESPONSE", arrayMessage: `paging failed: ${why}` });
}
