/**
 * Query parameters of GET requests [M:fields, M:job-list, M:cs-list, M:vol-list]: unknown parameters and
 * unknown `fields` names answer 400 naming them; max_records (default DEFAULT_MAX_RECORDS, docs/unverified-points.md#row-22-default-page-size)
 * and last_get_id page a list; next_href repeats the query with last_get_id. Array parameters may be
 * comma-separated, repeated, or written name[] (the manual's list parameters).
 */
import { API_BASE, DEFAULT_MAX_RECORDS, LIST_QUERY } from "../../provider/api/dialect";
import { BadRequest } from "../model/errors";
import { MAX_RECORDS_LIMIT } from "../model/sim-choices";

export function checkQuery(q: URLSearchParams, allowed: readonly string[]): void {
  for (const key of q.keys()) {
    const base = key.endsWith("[]") ? key.slice(0, -2) : key;
    if (!allowed.includes(base)) throw new BadRequest("Unknown query parameter", key);
  }
}

export function listParam(q: URLSearchParams, name: string): string[] | undefined {
  const raw = [...q.getAll(name), ...q.getAll(`${name}[]`)];
  if (raw.length === 0) return undefined;
  return raw.flatMap((r) => r.split(",")).map((s) => s.trim()).filter((s) => s.length > 0);
}

export function intListParam(q: URLSearchParams, name: string): number[] | undefined {
  const l = listParam(q, name);
  if (!l) return undefined;
  return l.map((s) => {
    if (!/^\d{1,15}$/.test(s)) throw new BadRequest("Invalid integer", name);
    return Number(s);
  });
}

export function intQuery(q: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new BadRequest(`Must be an integer ${min}..${max}`, name);
  return Number(raw);
}

/** Validated `fields`: names of the item; the id always comes back [M:fields]. */
export function parseFields(q: URLSearchParams, allowed: readonly string[], listName?: string): string[] | undefined {
  const f = listParam(q, LIST_QUERY.fields);
  if (!f) return undefined;
  for (const name of f) {
    const reserved = name === "total_count" || name === "list_count" || name === "next_href" || name === listName;
    if (reserved || !allowed.includes(name)) throw new BadRequest("Invalid field name", LIST_QUERY.fields);
  }
  return f;
}

export function narrow(obj: Record<string, unknown>, fields: string[] | undefined, idField: string): Record<string, unknown> {
  if (!fields) return obj;
  const out: Record<string, unknown> = { [idField]: obj[idField] };
  for (const f of fields) if (f in obj) out[f] = obj[f];
  return out;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextHref?: string;
}

/** Page a list already sorted by id. */
export function paginate<T>(all: T[], idOf: (t: T) => number, q: URLSearchParams, path: string): Page<T> {
  const max = intQuery(q, LIST_QUERY.maxRecords, 1, MAX_RECORDS_LIMIT) ?? DEFAULT_MAX_RECORDS;
  const last = intQuery(q, LIST_QUERY.lastGetId, 0, Number.MAX_SAFE_INTEGER);
  const rest = last === undefined ? all : all.filter((t) => idOf(t) > last);
  const items = rest.slice(0, max);
  const page: Page<T> = { items, total: all.length };
  if (rest.length > items.length && items.length > 0) {
    const next = new URLSearchParams(q);
    next.delete(LIST_QUERY.lastGetId);
    next.set(LIST_QUERY.lastGetId, String(idOf(items[items.length - 1]!)));
    page.nextHref = `${API_BASE}${path}?${next.toString()}`;
  }
  return page;
}

/** {total_count, list_count, <name>_list, next_href?} [M:cs-list]. */
export function renderList(listName: string, page: Page<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { total_count: page.total, list_count: page.items.length, [listName]: page.items };
  if (page.nextHref) out.next_href = page.nextHref;
  return out;
}
