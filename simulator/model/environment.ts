/**
 * What happens around the arrays, driven by the admin API: copy path outages [M:dg-paths], destination
 * overload [M:op-sync], speed changes. Sessions react per split and recovery mode. Site outages are in
 * site-outage.ts, host I/O in host-io.ts.
 * Shared bandwidth of a path is in copy-link.ts. Not modelled: partial path loss (one of several paths),
 * REC buffer overflow.
 */
import { RecoveryMode } from "../../provider/api/dialect";
import { rescheduleAllPaths } from "./copy-link";
import { rebase } from "./copy-session";
import { restartReplicating, stopReplicating } from "./replication";
import { OVERLOAD_SESSION_ERROR_CODE } from "./sim-choices";
import { ArrayState, RecSession, Settings } from "./types";
import { World, pathKey } from "./world";

function between(s: RecSession, a: string, b: string): boolean {
  return (s.srcArray === a && s.dstArray === b) || (s.srcArray === b && s.dstArray === a);
}

/**
 * The path between a and b just went down: every duplexing session between them halts, phase kept. A
 * Synchronous session in Equivalent splits per its split mode (Design Guide): Automatic lets host writes go
 * on (recorded), Manual refuses them (host-io.ts). A suspend still running completes locally.
 */
export function haltSessionsBetween(world: World, a: string, b: string): number {
  const now = world.now();
  let affected = 0;
  for (const s of world.sessions.values()) {
    if (!between(s, a, b)) continue;
    if (s.state === "active") {
      stopReplicating(world, s, "halt");
      affected++;
    } else if (s.state === "suspend" && s.suspendDoneAt !== undefined && now < s.suspendDoneAt) {
      s.suspendDoneAt = undefined;
      affected++;
    }
  }
  return affected;
}

/** The path between a and b works again: recovery Automatic re-copies; Manual stays Halt [M:suspend]. */
export function recoverSessionsBetween(world: World, a: string, b: string): number {
  if (!world.isPathUp(a, b)) return 0;
  let affected = 0;
  for (const s of world.sessions.values()) {
    if (!between(s, a, b) || s.state !== "halt" || Object.keys(s.views).length < 2) continue;
    if (s.recoveryMode === RecoveryMode.Automatic) {
      restartReplicating(world, s);
      affected++;
    }
  }
  return affected;
}

/** Admin POST /sim/v1/copy-path: take the path between two arrays down or up. */
export function setCopyPath(world: World, a: string, b: string, up: boolean): number {
  if (!up) {
    world.pathsDown.add(pathKey(a, b));
    return haltSessionsBetween(world, a, b);
  }
  world.pathsDown.delete(pathKey(a, b));
  return recoverSessionsBetween(world, a, b);
}

/** Destination overload: sessions whose destination is on `array` (or only `volumeId`) go to Error. */
export function overloadDestination(world: World, array: ArrayState, volumeId?: number): number {
  const now = world.now();
  let n = 0;
  for (const s of world.sessions.values()) {
    if (s.dstArray !== array.name || (volumeId !== undefined && s.dstVolumeId !== volumeId)) continue;
    if (s.state === "error") continue;
    stopReplicating(world, s, "error");
    s.errorAt = now;
    s.errorCode = OVERLOAD_SESSION_ERROR_CODE;
    n++;
  }
  return n;
}

/** Speed changes apply from now on: fold progress so far into each session first. */
export function changeSettings(world: World, patch: Partial<Settings>): void {
  const now = world.now();
  for (const s of world.sessions.values()) rebase(s, now, world.settings.copyRateMbps);
  Object.assign(world.settings, patch);
  rescheduleAllPaths(world);
}
