/**
 * The copy path as a shared link [sim]. With a bandwidth limit (or a per-session ceiling) on a path, the
 * sessions copying on it share it equally (each gets min(copy rate, ceiling, bandwidth / n)); when one
 * finishes, the others speed up. That is processor sharing: every copying session receives the same work,
 * so one piecewise-linear curve per path, computed when anything on the path changes, gives every
 * session's progress at any later time without timers (copy-session.ts uncopiedAt reads it).
 * Paths without limits keep no curve: each session copies at the full copy rate.
 * Not modelled: the bandwidth a Synchronous session uses for writes mirrored in Equivalent.
 */
import { rebase } from "./copy-session";
import { PathLimits, RecSession, WorkCurve } from "./types";
import { World, pathKey } from "./world";

export function pathOf(s: RecSession): string {
  return pathKey(s.srcArray, s.dstArray);
}

/** One copying session's share when `n` copy at once. */
export function shareMbps(copyRateMbps: number, limits: PathLimits, n: number): number {
  return Math.min(copyRateMbps, limits.sessionCeilingMbps ?? Infinity, (limits.bandwidthMbps ?? Infinity) / Math.max(1, n));
}

/** Work curve from `now` for sessions with `remaining` MB each: the shortest finishes first, then n - 1 share. */
export function waterfill(now: number, remaining: number[], share: (n: number) => number): WorkCurve {
  const us = remaining.filter((u) => u > 0).sort((a, b) => a - b);
  const points: Array<[number, number]> = [[now, 0]];
  let t = now;
  let w = 0;
  for (let k = 0; k < us.length; k++) {
    const u = us[k]!;
    if (u > w) {
      t += ((u - w) / share(us.length - k)) * 1000;
      w = u;
      points.push([t, w]);
    }
  }
  // Past the last finish nobody is copying; a session joining later gets a new curve, this is a fallback.
  return { points, tailMbps: share(1) };
}

/** Fold every session of the path into now, then give the active ones the path's new curve. */
export function reschedulePath(world: World, key: string): void {
  const now = world.now();
  const rate = world.settings.copyRateMbps;
  const sessions = [...world.sessions.values()].filter((s) => pathOf(s) === key);
  for (const s of sessions) rebase(s, now, rate);
  const limits = world.pathLimits.get(key);
  if (!limits) {
    for (const s of sessions) delete s.workCurve;
    return;
  }
  const active = sessions.filter((s) => s.state === "active");
  const curve = waterfill(now, active.map((s) => s.pendingMb), (n) => shareMbps(rate, limits, n));
  for (const s of sessions) {
    if (s.state === "active") s.workCurve = curve;
    else delete s.workCurve;
  }
}

export function rescheduleSessionPath(world: World, s: RecSession): void {
  reschedulePath(world, pathOf(s));
}

export function rescheduleAllPaths(world: World): void {
  for (const key of new Set([...world.sessions.values()].map(pathOf))) reschedulePath(world, key);
}

/** Change a path's limits (undefined keeps a limit, null removes it); progress so far is kept. */
export function setPathLimits(world: World, key: string, patch: { bandwidthMbps?: number | null; sessionCeilingMbps?: number | null }): void {
  reschedulePath(world, key); // fold progress under the old limits first
  const next: PathLimits = { ...world.pathLimits.get(key) };
  if (patch.bandwidthMbps !== undefined) next.bandwidthMbps = patch.bandwidthMbps ?? undefined;
  if (patch.sessionCeilingMbps !== undefined) next.sessionCeilingMbps = patch.sessionCeilingMbps ?? undefined;
  if (next.bandwidthMbps === undefined && next.sessionCeilingMbps === undefined) world.pathLimits.delete(key);
  else world.pathLimits.set(key, next);
  reschedulePath(world, key);
}
