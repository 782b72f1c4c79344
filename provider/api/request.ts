/**
 * Request descriptors: what an endpoint builder returns. No I/O here; the client sends them.
 *
 * Plain data and pure functions only (required at call time by the serialized provider, never captured).
 */
import { API_BASE, LIST_QUERY, RequestPart } from "./dialect";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface ApiRequest {
  method: HttpMethod;
  /** Path including the query string, e.g. /api/v1/volume?fields=name. */
  path: string;
  /** JSON body; sent with Content-Type: application/json. */
  body?: Record<string, unknown>;
  /**
   * True when re-sending after a lost response cannot change the outcome (GET, login, logout,
   * DELETE /job). Everything else is re-sent only when the failure proves the request never arrived.
   */
  idempotent: boolean;
  /** The body or the reply carries credentials (POST /session): never logged, never copied into errors. */
  sensitive?: boolean;
  /** Short label for logs ("login", "refresh", "logout"). */
  label?: string;
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;

/**
 * Append a query string. Array values are comma-separated like `fields` [M:fields]; each element is
 * URI-encoded, the commas are not. Undefined, null and empty arrays are left out.
 */
export function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      parts.push(`${encodeURIComponent(key)}=${value.map((v) => encodeURIComponent(String(v))).join(",")}`);
    } else {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    }
  }
  if (parts.length === 0) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${parts.join("&")}`;
}

/** `API_BASE` + a relative resource path. */
export function apiPath(rest: string): string {
  return `${API_BASE}${rest.startsWith("/") ? rest : `/${rest}`}`;
}

/** Common list query: `fields` (comma-separated), `max_records` (page size). */
export interface ListQuery {
  fields?: readonly string[];
  maxRecords?: number;
}
export function listQuery(q: ListQuery | undefined): Record<string, QueryValue> {
  return {
    [LIST_QUERY.fields]: q?.fields,
    [LIST_QUERY.maxRecords]: q?.maxRecords,
  };
}

/** A path segment id: integers and strings are both accepted and URI-encoded. */
export function seg(id: number | string): string {
  return encodeURIComponent(String(id));
}

/** A request with a dialect form's part applied: its query appended, its body members merged in. */
export function withPart(req: ApiRequest, part: RequestPart): ApiRequest {
  const body = part.body ? { ...req.body, ...part.body } : req.body;
  return { ...req, path: withQuery(req.path, part.query), ...(body ? { body } : {}) };
}
