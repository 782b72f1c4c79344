/**
 * What happens around the arrays, driven by the admin API: copy path outages [M:dg-paths], destination
 * overload [M:op-sync], host writes and reads, speed changes. Sessions react per split and recovery mode.
 * Not modelled: partial path loss (one of several paths), REC buffer overflow, bandwidth sharing between
 * sessions (each session copies at the full rate).
 */
import { Phase, RecoveryMode, SplitMode, TransferMode } from "../../provider/api/dialect";
import { destinationReadable, rebase, restart, stop, track } from "./copy-session";
import { InvalidState } from "./errors";
import { OVERLOAD_SESSION_ERROR_CODE } from "./sim-choices";
import { ArrayState, RecSession, Settings } from "./types";
import { getVolume } from "./volumes";
import { World, pathKey } from "./world";

function between(s: RecSession, a: string, b: string): boolean {
  return (s.srcArray === a && s.dstArray === b) || (s.srcArray === b && s.dstArray === a);
}

/**
 * Path down: every duplexing session between the two arrays halts, phase kept. A Synchronous session in
 * Equivalent splits per its split mode (Design Guide): Automatic lets host writes go on (recorded),
 * Manual refuses them (see hostWrite). Path up: recovery Automatic re-copies the recorded changes;
 * Manual stays Halt until a forced suspend and a resume [M:suspend].
 */
export function setCopyPath(world: World, a: string, b: string, up: boolean): number {
  const now = world.now();
  const rate = world.settings.copyRateMbps;
  let affected = 0;
  if (!up) {
    world.pathsDown.add(pathKey(a, b));
    for (const s of world.sessions.values()) {
      if (!between(s, a, b)) continue;
      if (s.state === "active" || (s.state === "suspend" && s.suspendDoneAt !== undefined && now < s.suspendDoneAt)) {
        if (s.state === "suspend") s.suspendDoneAt = undefined; // the running suspend completes locally
        else stop(s, "halt", now, rate);
        affected++;
      }
    }
    return affected;
  }
  world.pathsDown.delete(pathKey(a, b));
  for (const s of world.sessions.values()) {
    if (!between(s, a, b) || s.state !== "halt" || Object.keys(s.views).length < 2) continue;
    if (s.recoveryMode === RecoveryMode.Automatic) {
      restart(s, now);
      affected++;
    }
  }
  return affected;
}

/** Destination overload: sessions whose destination is on `array` (or only `volumeId`) go to Error. */
export function overloadDestination(world: World, array: ArrayState, volumeId?: number): number {
  const now = world.now();
  let n = 0;
  for (const s of world.sessions.values()) {
    if (s.dstArray !== array.name || (volumeId !== undefined && s.dstVolumeId !== volumeId)) continue;
    if (s.state === "error") continue;
    stop(s, "error", now, world.settings.copyRateMbps);
    s.errorAt = now;
    s.errorCode = OVERLOAD_SESSION_ERROR_CODE;
    n++;
  }
  return n;
}

/**
 * Host writes of `mb` MB to a volume. Source of a duplexing session: Synchronous copies at once (stays
 * Equivalent), Stack/Consistency adds to the uncopied data. Suspended or halted: recorded as tracking data
 * (both sides are tracked [M:suspend]). Destination of a session that is not suspended: refused.
 */
export function hostWrite(world: World, array: ArrayState, volumeId: number, mb: number): number {
  getVolume(array, volumeId);
  const now = world.now();
  const rate = world.settings.copyRateMbps;
  const sessions = world.sessionsOfVolume(array.name, volumeId);
  for (const s of sessions) {
    const isSource = s.srcArray === array.name && s.srcVolumeId === volumeId;
    if (!isSource && s.state !== "suspend") throw new InvalidState("The volume is an REC destination and cannot be written", "volume_id");
    if (isSource && s.state === "halt" && s.transferMode === TransferMode.Synchronous && s.splitMode === SplitMode.Manual && s.stoppedPhase === Phase.Equivalent) {
      throw new InvalidState("Write refused: the Synchronous session halted with split mode Manual", "volume_id");
    }
  }
  for (const s of sessions) {
    if (s.state === "active") {
      if (s.transferMode === TransferMode.Synchronous) continue;
      rebase(s, now, rate);
      s.pendingMb = Math.min(s.totalMb, s.pendingMb + mb);
    } else if (s.state === "suspend" || s.state === "halt") {
      track(s, mb);
    }
  }
  return sessions.length;
}

/** A host read: refused on a destination that is not suspended and complete [M:rec-post]. */
export function hostRead(world: World, array: ArrayState, volumeId: number): void {
  getVolume(array, volumeId);
  for (const s of world.sessionsOfVolume(array.name, volumeId)) {
    const isDest = s.dstArray === array.name && s.dstVolumeId === volumeId;
    if (isDest && !destinationReadable(s, world.now())) {
      throw new InvalidState("The REC destination cannot be read until the session is suspended", "volume_id");
    }
  }
}

/** Speed changes apply from now on: fold progress so far into each session first. */
export function changeSettings(world: World, patch: Partial<Settings>): void {
  const now = world.now();
  for (const s of world.sessions.values()) rebase(s, now, world.settings.copyRateMbps);
  Object.assign(world.settings, patch);
}

