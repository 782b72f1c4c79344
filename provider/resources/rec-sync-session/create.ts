/**
 * RecSyncSession create: pre-flight checks on both arrays, then POST on the source array, or adoption of the
 * pair's session (a retry after a lost response, or `adopt: true`); never a second session. After the
 * session exists, every failure is a PartialFailureError so the engine records it instead of leaking it.
 */
import { enumEquals, idFromHref, MAX_SESSIONS_PER_SOURCE } from "../../api/dialect";
import type { CallOptions, CopySession, CreateRecSessionRequest, EternusClient, Volume, VolumeCopySessions } from "../../client/types";
import { IncompleteError, PartialFailureError, PlanRefusedError, PreflightError } from "../common/errors";
import { withKeyedLock } from "../common/keyed-lock";
import { businessKey, mirrorToken, release, reservedOthers } from "../common/session-slots";
import { asCopyWaiter } from "../common/engine-slots";
import { RECENT_SYSTEM_MS, type Operation } from "../common/operation";
import { errorMessage, type Props } from "../common/unknown";
import { checkedOrThrow, resourceId, runContext, sessionOperation } from "./common";
import { findPairSession } from "./lookups";
import { desiredOf, observe, outputsOf, sessionLabel } from "./outputs";
import { classifyStatus, describePlan, planUpdate } from "./plan";
import type { RecSyncSessionInputs } from "./schema";
import { readLive, runSteps, waitSettled } from "./steps";

interface Side { client: EternusClient; boxId: string; volume: Volume }
interface Created { src: Side; dst: Side; session: CopySession; adopted: boolean }

export async function createRecSyncSession(provider: unknown, newsRaw: Props): Promise<{ id: string; outs: Props }> {
  const n = checkedOrThrow(provider, newsRaw);
  const op = sessionOperation(provider, n);
  const d = op.deadline(n.timeoutSeconds);
  const what = `RecSyncSession ${sessionLabel(n)} create`;
  // Phase 1: nothing exists yet; any error here means nothing was created.
  // One pre-flight + POST at a time per business volume (the 8-session limit), never the copy wait.
  const created = await op.withDeadline(d, what,
    () => withKeyedLock(businessKey(n.sourceArray, n.sourceVolumeId), async () => {
      const c = await createOrAdopt(op, n, { signal: d.signal });
      release(businessKey(n.sourceArray, n.sourceVolumeId), mirrorToken(c.dst.boxId, n.destinationVolumeId)); // the slot is a session now
      return c;
    }));

  // Phase 2: the session exists. Any failure from here on is recorded (id + properties), never leaked.
  const boxes = { sourceBoxId: created.src.boxId, destinationBoxId: created.dst.boxId };
  let outs = outputsOf(n, created.session, boxes);
  const id = resourceId(outs);
  const ctx = runContext(op, created.src.client, outs, d);
  try {
    // Within the deadline's error mapping too: a cancel or timeout mid-request reads as one, not as an abort.
    if (!created.adopted) outs = outputsOf(n, await op.withDeadline(d, what, () => settle(op, n, ctx, created.session)), boxes);
    op.log.info(`ready: ${outs.status}/${outs.phase}${outs.progress !== undefined ? ` ${outs.progress}%` : ""}, ${outs.transferMode}, ${outs.direction}`);
    return { id, outs };
  } catch (e) {
    const latest = await readLive(ctx, op.recordDeadline(30).signal).catch(() => undefined);
    if (latest) outs = outputsOf(n, latest, boxes);
    const reason = errorMessage(e);
    op.log.warn(`${reason}; the session exists and is recorded in state (${outs.status}/${outs.phase}); the next pulumi up continues`);
    throw new PartialFailureError(`RecSyncSession ${sessionLabel(n)}: ${reason}`, id, { ...outs, __provider: newsRaw.__provider }, [reason]);
  }
}

/** The initial copy first (so suspended: true gets a normal suspend in Equivalent), then the plan table. */
async function settle(op: Operation, n: RecSyncSessionInputs, ctx: ReturnType<typeof runContext>, first: CopySession): Promise<CopySession> {
  let s = first;
  if (n.waitForEquivalent && classifyStatus(s.status) === "active") s = await asCopyWaiter(() => waitSettled(ctx), (m) => op.log.warn(m));
  const plan = planUpdate(desiredOf(n), observe(s, n));
  if (plan.action === "steps") {
    op.log.info(describePlan(plan, desiredOf(n), observe(s, n)));
    s = await runSteps(ctx, plan.steps, s);
  } else if (plan.action !== "noop") {
    throw new PlanRefusedError(plan.reason);
  }
  return s;
}

async function createOrAdopt(op: Operation, n: RecSyncSessionInputs, o: CallOptions): Promise<Created> {
  const src = await side(op, n.sourceArray, n.sourceVolumeId, "source", o);
  const dst = await side(op, n.destinationArray, n.destinationVolumeId, "destination", o);
  if (src.boxId.toUpperCase() === dst.boxId.toUpperCase()) {
    throw new PreflightError("same-array", `sourceArray "${n.sourceArray}" and destinationArray "${n.destinationArray}" are the same array (box ${src.boxId}): REC copies to a remote array`);
  }
  // One read of the source volume's sessions serves the pair lookup and the 8-session pre-flight.
  const srcSessions = await src.client.getVolumeCopySessions(n.sourceVolumeId, o);
  const existing = await findPairSession(src.client, n.sourceVolumeId, dst.boxId, n.destinationVolumeId, o, srcSessions);
  if (existing) return { src, dst, session: existing, adopted: adopt(op, n, existing) };
  if (n.direction === "Reverse") {
    throw new PreflightError("reverse-create", "direction Reverse cannot create a session (the copy would run from the mirror onto the business volume, and POST /copysession/rec has no direction): create with Forward, then change direction to restore; to restore from a mirror whose session is gone, declare a session with sourceArray/destinationArray swapped, or set adopt: true to take over a reversed session");
  }
  await preflight(op, n, src, dst, srcSessions, o);
  op.log.info(`creating ${n.transferMode} REC session: volume ${n.sourceVolumeId} on "${n.sourceArray}" -> volume ${n.destinationVolumeId} on "${n.destinationArray}"`);
  let id: number;
  try {
    id = await src.client.createRecSession({ sourceVolumeId: n.sourceVolumeId, destinationVolumeId: n.destinationVolumeId,
      sourceBoxId: src.boxId, destinationBoxId: dst.boxId, transferMode: n.transferMode,
      splitMode: desiredOf(n).splitMode, recoveryMode: n.recoveryMode }, o);
  } catch (e) {
    // Lost response or a job error after the array committed: adopt the pair's session, never create a second.
    const found = await findPairSession(src.client, n.sourceVolumeId, dst.boxId, n.destinationVolumeId, { signal: op.recordDeadline(60).signal }).catch(() => undefined);
    if (!found) throw e;
    op.log.warn(`create answered "${errorMessage(e)}" but session ${found.copysession_id} for this pair exists: adopting it`);
    return { src, dst, session: found, adopted: false };
  }
  const session = await src.client.getCopySession(id, o);
  if (!session) throw new IncompleteError(`session ${id} was created but cannot be read back from array "${n.sourceArray}"; run pulumi up again (it finds the pair's session and continues)`);
  op.log.info(`created copy session ${id} (peer id ${session.remote_copysession_id ?? "?"} on "${n.destinationArray}")`);
  return { src, dst, session, adopted: false };
}

async function side(op: Operation, array: string, volumeId: number, role: string, o: CallOptions): Promise<Side> {
  const client = op.client(array);
  const sys = await client.getStorageSystem({ ...o, maxAgeMs: RECENT_SYSTEM_MS });
  if (sys.is_remote_copy_available === false) {
    throw new PreflightError("remote-copy-license", `remote copy is not available on ${role} array "${array}" (GET /storagesystem is_remote_copy_available=false, license ${sys.remote_copy_license_type ?? "?"}): REC needs the remote copy license on both arrays`);
  }
  const volume = await client.getVolume(volumeId, o);
  if (!volume) throw new PreflightError("volume-missing", `${role} volume_id ${volumeId} does not exist on array "${array}"`);
  return { client, boxId: sys.boxid, volume };
}

/** Adopt the pair's existing session? True when it is taken over although it differs (adopt: true). */
function adopt(op: Operation, n: RecSyncSessionInputs, existing: CopySession): boolean {
  const diffs = compatibility(existing, n);
  if (diffs.length && !n.adopt) {
    throw new PreflightError("pair-exists-differs", `a REC session for this pair already exists (copysession_id ${existing.copysession_id} on array "${n.sourceArray}") and differs from the declaration: ${diffs.join("; ")}. Set adopt: true to take it over (the next pulumi up then applies the declared state), or delete it on the array`);
  }
  const why = n.adopt ? "adopt: true" : "it matches the declaration: a retry after a lost response, or created outside Pulumi";
  op.log.info(`adopting existing session ${existing.copysession_id} for this pair (${why}); no second session is created`);
  if (diffs.length) op.log.warn(`it differs from the declaration (${diffs.join("; ")}); the next pulumi up applies the declared state (pulumi preview shows the procedure)`);
  return diffs.length > 0;
}

/** A same-pair session may be adopted without `adopt: true` only if it is what the program declares. */
function compatibility(existing: CopySession, n: RecSyncSessionInputs): string[] {
  const obs = observe(existing, n);
  const diffs: string[] = [];
  if (!enumEquals(obs.transferMode, n.transferMode)) diffs.push(`transfer_mode ${obs.transferMode} (declared ${n.transferMode})`);
  if (!enumEquals(obs.recoveryMode, n.recoveryMode)) diffs.push(`recovery_mode ${obs.recoveryMode} (declared ${n.recoveryMode})`);
  if (obs.direction !== n.direction) diffs.push(`direction ${obs.direction} (declared ${n.direction})`);
  const cls = classifyStatus(obs.status);
  if (cls === "error" || cls === "other") diffs.push(`status ${obs.status}`);
  if ((cls === "suspended") !== n.suspended) diffs.push(`status ${obs.status} (declared suspended: ${n.suspended})`);
  return diffs;
}

/** Clear refusals instead of the array's: same size, the 8-session limit, one session per destination. */
async function preflight(op: Operation, n: RecSyncSessionInputs, src: Side, dst: Side, srcSessions: VolumeCopySessions | undefined, o: CallOptions): Promise<void> {
  if (src.volume.capacity !== dst.volume.capacity) {
    throw new PreflightError("size-mismatch", `destination volume_id ${n.destinationVolumeId} has ${dst.volume.capacity} MB but source volume_id ${n.sourceVolumeId} has ${src.volume.capacity} MB: the manual requires the same size (RemoteVolume sizeFrom creates it so)`);
  }
  const onArray = srcSessions?.backup_volume_list?.length ?? 0;
  // Mirror volumes being prepared in this process for other sessions of the same business volume count too.
  const promised = reservedOthers(businessKey(n.sourceArray, n.sourceVolumeId), mirrorToken(dst.boxId, n.destinationVolumeId));
  if (onArray + promised >= MAX_SESSIONS_PER_SOURCE) {
    throw new PreflightError("session-limit", `source volume_id ${n.sourceVolumeId} already has ${onArray} copy sessions${promised ? ` and ${promised} more being prepared by this update` : ""}: at most ${MAX_SESSIONS_PER_SOURCE} per source volume (fewer with local clones or snapshots)`);
  }
  const dstSessions = await dst.client.getVolumeCopySessions(n.destinationVolumeId, o);
  if (dstSessions?.is_copy_destination_volume) {
    throw new PreflightError("destination-in-use", `destination volume_id ${n.destinationVolumeId} on array "${n.destinationArray}" is already the target of copy session ${idFromHref(dstSessions.copysession_href) ?? "?"} (from volume ${idFromHref(dstSessions.source_volume_href) ?? "?"} on box ${dstSessions.source_boxid ?? "?"}, status ${dstSessions.status ?? "?"}); a volume can be the destination of one session only`);
  }
  await warnOnPrivileges(op, src.client, n.sourceArray, o);
}

async function warnOnPrivileges(op: Operation, client: EternusClient, array: string, o: CallOptions): Promise<void> {
  try {
    const list = (await client.getSessionInfo(o)).auth_list;
    if (Array.isArray(list)) {
      const missing = ["Advanced_Copy_Management", "Copy_Session_Management"].filter((p) => !list.includes(p));
      if (missing.length) op.log.warn(`the user on array "${array}" lacks ${missing.join(", ")}; tenant users cannot create, reverse or delete REC sessions`);
    }
  } catch {
    // Informational only.
  }
}
