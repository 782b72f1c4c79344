/**
 * REC session state, derived lazily from time and the copy rate: no per-session timers, so 500 sessions
 * cost nothing while idle. The REST status/phase come from the internal state (types.ts RecState):
 *
 *   active  -> Active/Copying until the uncopied data drains, then Active/Equivalent
 *              (Stack mode never reaches Equivalent by itself: Design Guide, REC Data Transfer Mode Comparison)
 *   suspend -> Suspend/Tracking (while a Synchronous/Consistency suspend is still running: Active, with
 *              concurrent_suspend_result "Running"; docs/unverified-points.md#row-6-suspend-completion)
 *   halt    -> Halt, phase kept (copy path lost; docs/unverified-points.md#row-5-statuses)
 *   error   -> Error, phase kept (destination overloaded [M:op-sync])
 *
 * Not modelled: Copying_and_Tracking (QuickOPC), Reserved status, REC buffers and copy table size.
 */
import {
  CONCURRENT_SUSPEND_RUNNING, CONCURRENT_SUSPEND_SUCCESS, Phase, SessionStatus, TransferMode,
} from "../../provider/api/dialect";
import { RecSession, WorkCurve } from "./types";

/** The manual's documented transitions (source per row), checked by the model tests. */
export const TRANSITIONS: ReadonlyArray<readonly [from: string, event: string, to: string, source: string]> = [
  ["none", "create", "Active/Copying", "[M:rec-post]"],
  ["Active/Copying", "copy finishes", "Active/Equivalent", "[M:cs-get]"],
  ["Active/Equivalent", "suspend", "Suspend/Tracking", "[M:suspend]"],
  ["Active/Copying", "forced suspend", "Suspend/Tracking", "[M:suspend]"],
  ["Halt/*", "forced suspend", "Suspend/Tracking", "[M:suspend]"],
  ["Suspend/Tracking", "patch", "Suspend/Tracking", "[M:rec-patch]"],
  ["Suspend/Tracking", "reverse", "Suspend/Tracking", "[M:reverse]"],
  ["Suspend/Tracking", "resume", "Active/Copying", "[M:resume]"],
  ["Active/Equivalent", "delete", "none", "[M:cs-delete]"],
  ["*", "forced delete", "none", "[M:cs-delete]"],
  ["Active/*", "copy path down", "Halt/*", "[M:dg-paths]"],
  ["Halt/*", "copy path up, recovery Automatic", "Active/Copying", "[M:dg-paths]"],
  ["Active/*", "destination overloaded", "Error/*", "[M:op-sync]"],
] as const;

export interface SessionSnapshot {
  status: string;
  phase: string;
  uncopiedMb: number;
  trackingMb: number;
  progress: number;
  concurrentSuspendResult?: string;
  remainTimeToFinishSuspend?: number;
}

/** Per-session work (MB) of a curve from its start to `t`. */
export function curveAt(c: WorkCurve, t: number): number {
  const p = c.points;
  if (t <= p[0]![0]) return 0;
  for (let i = 1; i < p.length; i++) {
    const [t1, w1] = p[i]!;
    if (t <= t1) {
      const [t0, w0] = p[i - 1]!;
      return w0 + ((w1 - w0) * (t - t0)) / (t1 - t0);
    }
  }
  const [tl, wl] = p[p.length - 1]!;
  return wl + (c.tailMbps * (t - tl)) / 1000;
}

/** Work the copy did for this session between two times: the copy rate, or its path's shared curve. */
function workBetween(s: RecSession, from: number, to: number, rateMbps: number): number {
  if (to <= from) return 0;
  if (s.workCurve) return curveAt(s.workCurve, to) - curveAt(s.workCurve, from);
  return (rateMbps * (to - from)) / 1000;
}

/** Uncopied data at `now`: drains at the copy rate (or the path's share) while active. */
export function uncopiedAt(s: RecSession, now: number, rateMbps: number): number {
  if (s.state !== "active") return s.pendingMb;
  return Math.max(0, s.pendingMb - workBetween(s, s.baseAt, now, rateMbps));
}

function activePhase(s: RecSession, uncopied: number): string {
  if (s.transferMode === TransferMode.Stack) return Phase.Copying;
  return uncopied > 0 ? Phase.Copying : Phase.Equivalent;
}

/** Status, phase and sizes as a GET would show them at `now`. */
export function snapshot(s: RecSession, now: number, rateMbps: number): SessionSnapshot {
  const uncopied = uncopiedAt(s, now, rateMbps);
  const progress = s.totalMb > 0 ? Math.floor(((s.totalMb - uncopied) / s.totalMb) * 100) : 100;
  const base = { uncopiedMb: Math.ceil(uncopied), trackingMb: Math.ceil(s.trackedMb), progress };
  switch (s.state) {
    case "active":
      return { ...base, status: SessionStatus.Active, phase: activePhase(s, uncopied), trackingMb: 0 };
    case "suspend":
      if (s.suspendDoneAt !== undefined && now < s.suspendDoneAt) {
        return {
          ...base, status: SessionStatus.Active, phase: s.stoppedPhase ?? Phase.Equivalent,
          concurrentSuspendResult: CONCURRENT_SUSPEND_RUNNING,
          remainTimeToFinishSuspend: Math.ceil((s.suspendDoneAt - now) / 1000),
        };
      }
      return { ...base, status: SessionStatus.Suspend, phase: Phase.Tracking, concurrentSuspendResult: CONCURRENT_SUSPEND_SUCCESS };
    case "halt":
      return { ...base, status: SessionStatus.Halt, phase: s.stoppedPhase ?? Phase.Copying };
    case "error":
      return { ...base, status: SessionStatus.Error, phase: s.stoppedPhase ?? Phase.Copying };
  }
}

/** MB this session has transferred since it was created, at `now` (monotonic; replication.ts orders by it). */
export function transferredAt(s: RecSession, now: number, rateMbps: number): number {
  return (s.copiedMb ?? 0) + (s.pendingMb - uncopiedAt(s, now, rateMbps));
}

/** Fold the copy done so far into pendingMb so a later rate change or stop starts from here. */
export function rebase(s: RecSession, now: number, rateMbps: number): void {
  if (s.state === "active") {
    const left = uncopiedAt(s, now, rateMbps);
    s.copiedMb = (s.copiedMb ?? 0) + (s.pendingMb - left);
    s.pendingMb = left;
    s.baseAt = now;
  }
}

/** Leave the active state (suspend, halt, error): freeze progress and remember the phase. */
export function stop(s: RecSession, to: "suspend" | "halt" | "error", now: number, rateMbps: number): void {
  const snap = snapshot(s, now, rateMbps);
  rebase(s, now, rateMbps);
  if (s.state === "active") s.stoppedPhase = snap.phase;
  s.state = to;
}

/** Restart duplexing: copy what is left plus every change recorded meanwhile [M:resume, M:dg-paths]. */
export function restart(s: RecSession, now: number): void {
  s.pendingMb = Math.min(s.totalMb, s.pendingMb + s.trackedMb);
  s.trackedMb = 0;
  s.state = "active";
  s.baseAt = now;
  s.destUnusable = false;
  s.suspendDoneAt = undefined;
  s.suspendedAt = undefined;
  s.stoppedPhase = undefined;
}

/** Record host writes that cannot be transferred now (suspended or halted): tracking_data_size. */
export function track(s: RecSession, mb: number): void {
  s.trackedMb = Math.min(s.totalMb, s.trackedMb + mb);
}

/** The destination may be read only once the session is suspended and complete [M:rec-post, M:suspend]. */
export function destinationReadable(s: RecSession, now: number): boolean {
  return s.state === "suspend" && (s.suspendDoneAt === undefined || now >= s.suspendDoneAt) && !s.destUnusable;
}
