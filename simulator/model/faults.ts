/**
 * Fault rules as data (see docs/architecture.md, "Simulator admin (fault) API"), checked in one place per
 * /api/v1 request: "unavailable" answers 503 before anything runs; "drop" runs the request, then the HTTP
 * layer destroys the socket without a response (a lost response).
 */
import { ArrayState } from "./types";

export interface RequestInfo {
  method: string;
  path: string;
}

/** True when this request must answer 503. Counted rules are consumed. */
export function takeUnavailable(array: ArrayState, now: number, random: () => number): boolean {
  for (const r of array.faults) {
    if (r.kind !== "unavailable") continue;
    if (r.until !== undefined && now >= r.until) continue;
    if (r.remaining !== undefined) {
      if (r.remaining <= 0) continue;
      r.remaining--;
      return true;
    }
    if (r.probability !== undefined && random() < r.probability) return true;
  }
  return false;
}

/**
 * A path prefix at segment boundaries: "/api/v1/volume" matches "/api/v1/volume" and "/api/v1/volume/5/expand",
 * not "/api/v1/volumes". A plain string comparison: no user pattern runs on a request.
 */
export function underPrefix(path: string, prefix: string): boolean {
  const p = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  return path === p || path.startsWith(`${p}/`);
}

/** True when this request's response must be dropped. Consumes one count of the first matching rule. */
export function takeDrop(array: ArrayState, req: RequestInfo): boolean {
  for (const r of array.faults) {
    if (r.kind !== "drop" || r.remaining <= 0) continue;
    if (r.method && r.method !== req.method.toUpperCase()) continue;
    if (r.pathPrefix && !underPrefix(req.path, r.pathPrefix)) continue;
    r.remaining--;
    return true;
  }
  return false;
}

/** Forget rules that can no longer fire. */
export function pruneFaults(array: ArrayState, now: number): void {
  array.faults = array.faults.filter((r) =>
    r.kind === "drop" ? r.remaining > 0
      : r.remaining !== undefined ? r.remaining > 0 : r.until === undefined || now < r.until);
}
