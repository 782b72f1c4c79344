/**
 * What an operation cannot beat, from the simulator's settings alone, and the fewest REST requests the
 * documented procedure needs (README "Resources"), so the bench can say how far the provider is from both.
 */

export type Op = "up" | "refresh" | "switch" | "destroy";
export const OPS: Op[] = ["up", "refresh", "switch", "destroy"];

export interface Settings {
  /** Job latency L (ms): a job is Queued, then Running, then done. */
  jobLatencyMs: number;
  /** Size S of every business volume (MB). */
  volumeMb: number;
  /** Copy rate R (MB/s). */
  copyRateMbps: number;
  /** Bandwidth B (MB/s) of the copy path, shared by the sessions copying on it; unset = no limit. */
  bandwidthMbps?: number;
}

/**
 * Lower bound of the wall time (ms) for N mirrors handled in parallel. Jobs of different mirrors overlap,
 * so only the job latencies on ONE mirror's critical path count:
 *   up      = 2L + copy   (volume create job, session create job, initial copy)
 *   refresh = 0           (reads only)
 *   switch  = 4L          (suspend: the simulator reports Suspend 2L after accepting it; PATCH job; resume job;
 *                          no writes happened, so nothing is left to copy)
 *   destroy = 2L          (session delete job, volume delete job)
 * copy = S/R when every session copies at the full rate (what the simulator models), or N*S/R when the
 * mirrors share one copy link of rate R (a real array pair: `shared`).
 */
export function lowerBoundMs(op: Op, n: number, s: Settings, shared: boolean): number {
  const L = s.jobLatencyMs;
  // With a path bandwidth B the N copies share it: none ends before N*S/B (nor before S/R).
  const pathMs = s.bandwidthMbps ? (n * s.volumeMb * 1000) / s.bandwidthMbps : 0;
  const copyMs = Math.max(((shared ? n : 1) * s.volumeMb * 1000) / s.copyRateMbps, pathMs);
  switch (op) {
    case "up": return 2 * L + copyMs;
    case "refresh": return 0;
    case "switch": return 4 * L;
    case "destroy": return 2 * L;
  }
}

export const BOUND_FORMULA = "up = 2L + max(S/R, N*S/B) (shared link: 2L + max(N*S/R, N*S/B)); refresh = 0; switch = 4L; destroy = 2L";

/** The fewest requests, assuming every job is done at its first poll and each resource is handled on its own. */
export const MINIMUM: Record<Op, { perMirror: string[]; perRun: string[] }> = {
  up: {
    perMirror: [
      // RemoteVolume
      "GET /volume/{id} (source size)", "POST /volume", "GET /job/{id}", "DELETE /job", "GET /volume/{id} (uid, number)",
      // RecSyncSession pre-flight, create, wait
      "GET /volume/{id} (source exists, size)", "GET /volume/{id} (destination exists, size)",
      "GET /volume/{id}/copysession (source: fewer than 8)", "GET /volume/{id}/copysession (destination: not a copy target)",
      "POST /copysession/rec", "GET /job/{id}", "DELETE /job", "GET /copysession/{id} (Equivalent)",
    ],
    perRun: ["POST /session x2 arrays", "DELETE /session/{id} x2", "GET /storagesystem x2 (license, box ids)"],
  },
  refresh: {
    perMirror: ["GET /volume/{id}", "GET /copysession/{id} (identity, state)"],
    perRun: ["POST /session x2", "DELETE /session/{id} x2"],
  },
  switch: {
    perMirror: [
      "POST /copysession/{id}/suspend", "GET /job/{id}", "DELETE /job", "GET /copysession/{id} (Suspend)",
      "PATCH /copysession/{id}", "GET /job/{id}", "DELETE /job",
      "POST /copysession/{id}/resume", "GET /job/{id}", "DELETE /job", "GET /copysession/{id} (Equivalent)",
    ],
    perRun: ["POST /session (source array)", "DELETE /session/{id}"],
  },
  destroy: {
    perMirror: [
      "DELETE /copysession/{id}", "GET /job/{id}", "DELETE /job", "GET /copysession/{id} (gone on the source)",
      "GET /copysession/{id} (gone on the destination)",
      "GET /volume/{id}/copysession (no session left)", "DELETE /volume/{id}", "GET /job/{id}", "DELETE /job",
    ],
    perRun: ["POST /session x2", "DELETE /session/{id} x2"],
  },
};

/** Minimum requests per mirror for N mirrors (per-run requests shared by the N). */
export function minimumPerMirror(op: Op, n: number): number {
  const m = MINIMUM[op];
  const perRun = m.perRun.reduce((sum, line) => sum + (/x2/.test(line) ? 2 : 1), 0);
  return m.perMirror.length + perRun / n;
}
