/**
 * RecSyncSession: the real logic behind the thin serialized shell in rec-sync-session.ts, loaded at call
 * time by package name. Procedures: shared/docs/eternus-rest-api.md section 3; the update table:
 * rec-sync-session-plan.ts; step execution: rec-sync-session-steps.ts.
 *
 * Where each operation talks to (DR: destructive paths need only the reachable array, no pre-flight of
 * the other one):
 * - create: both arrays (pre-flight checks, POST on the source array).
 * - read, update (suspend/PATCH/reverse/resume): the source array only, where the session was created
 *   (dialect row 18).
 * - delete: source array (forced delete), then the destination array for the peer view / leftover; an
 *   unreachable destination is a loud warning, not a failure; an unreachable source is a failure.
 */
import { withClientLease } from "../client/registry";
import type { CallOptions, CopySession, EternusClient, Volume } from "../client/types";
import { enumEquals, idFromHref, MAX_SESSIONS_PER_SOURCE } from "../api/dialect";
import { configOf } from "../config";
import { logger, type Logger } from "../log";
import { clientFor } from "./clients";
import { checkRecSyncSession, isUnknown, stripProvider, type CheckFailure, type RecSyncSessionInputs } from "./input-validation";
import { classifyStatus, describePlan, planSession } from "./rec-sync-session-plan";
import {
  desiredOf, findPairSession, findPeerSession, inputsFromOutputs, observe, observedFromOutputs, ourSession, outputsOf,
  sessionLabel, type RecSyncSessionOutputs,
} from "./rec-sync-session-state";
import { readLive, runSteps, waitSettled, type RunContext } from "./rec-sync-session-steps";
import { deadline, errorMessage, jsonPlain, PartialFailureError, probeSignal, sleep, timing, waitFor, withDeadline } from "./wait";

type Props = Record<string, unknown>;
export type { RecSyncSessionOutputs };

function log(n: Partial<RecSyncSessionInputs> | Partial<RecSyncSessionOutputs>): Logger {
  return logger("RecSyncSession", sessionLabel(n));
}

const REPLACE_FIELDS = ["sourceArray", "sourceVolumeId", "destinationArray", "destinationVolumeId"] as const;

function changed(a: unknown, b: unknown): boolean {
  return isUnknown(b) || JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}

function checkedOrThrow(provider: unknown, olds: Props, raw: Props): RecSyncSessionInputs {
  const { inputs, failures } = checkRecSyncSession(configOf(provider), olds, raw);
  if (failures.length) throw new Error(`RecSyncSession ${sessionLabel(inputs)}: invalid inputs: ${failures.map((f) => f.reason).join("; ")}`);
  for (const [k, v] of Object.entries(inputs)) if (isUnknown(v)) throw new Error(`RecSyncSession ${sessionLabel(inputs)}: ${k} is still unknown`);
  return inputs;
}

function resourceId(o: { sourceArray: string; copySessionId: number }): string {
  return `${o.sourceArray}/${o.copySessionId}`;
}

function ctxFor(client: EternusClient, o: RecSyncSessionOutputs, signal: AbortSignal, l: Logger, timeoutSeconds: number): RunContext {
  return {
    client, signal, log: l, deadlineAt: Date.now() + timeoutSeconds * 1000,
    ref: { copySessionId: o.copySessionId, sourceVolumeId: o.sourceVolumeId, destinationBoxId: o.destinationBoxId, remoteCopySessionId: o.remoteCopySessionId, sourceArray: o.sourceArray },
  };
}

// --------------------------------------------------------------------------------------------------------
// check
// --------------------------------------------------------------------------------------------------------
export async function check(provider: unknown, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
  const { inputs, failures } = checkRecSyncSession(configOf(provider), olds, news);
  return { inputs: jsonPlain(inputs) as unknown as Props, failures };
}

// --------------------------------------------------------------------------------------------------------
// diff: from OLD OUTPUTS (observed state as of the last up/refresh) and the new inputs; announces the
// procedure in preview (there is no detailedDiff for dynamic providers).
// --------------------------------------------------------------------------------------------------------
async function diffOperation(_provider: unknown, _id: string, oldsRaw: Props, newsRaw: Props): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }> {
  const o = stripProvider(oldsRaw) as unknown as RecSyncSessionOutputs;
  const n = stripProvider(newsRaw) as unknown as RecSyncSessionInputs;
  const l = log(n);

  const replaces = REPLACE_FIELDS.filter((k) => changed(o[k], n[k]));
  if (replaces.length) {
    const what = replaces.map((k) => `${k} ${String(o[k])} -> ${isUnknown(n[k]) ? "(known at apply time)" : String(n[k])}`).join(", ");
    l.info(`will REPLACE (delete the session first, then create a new one with a full initial copy): ${what}`);
    return { changes: true, replaces: [...replaces], deleteBeforeReplace: true };
  }

  const observed = observedFromOutputs(o);
  const desiredFields = ["transferMode", "splitMode", "recoveryMode", "suspended", "direction", "waitForEquivalent"] as const;
  const unknown = desiredFields.filter((k) => isUnknown(n[k]));
  if (unknown.length) {
    l.info(`will update: ${unknown.join(", ")} known at apply time; the procedure (suspend -> change -> resume) is decided then`);
    return { changes: true };
  }
  const desired = desiredOf(n);
  const plan = planSession(desired, observed);
  for (const w of plan.warnings) l.warn(w);
  if (plan.action === "replace") {
    l.warn(describePlan(plan, desired, observed));
    return { changes: true, replaces: ["status"], deleteBeforeReplace: true };
  }
  if (plan.action === "refuse") {
    // Not thrown here: update re-plans against the live session and fails there if it still applies.
    l.warn(describePlan(plan, desired, observed));
    return { changes: true };
  }
  if (plan.action === "steps") {
    l.info(describePlan(plan, desired, observed));
    return { changes: true };
  }
  const recorded = (["providerVersion", "waitForEquivalent", "timeoutSeconds"] as const).filter((k) => changed(o[k], n[k]));
  if (recorded.length) {
    l.info(`will update state only (no array change): ${recorded.map((k) => `${k} ${String(o[k] ?? "(none)")} -> ${String(n[k])}`).join(", ")}`);
    return { changes: true };
  }
  return { changes: false };
}

// --------------------------------------------------------------------------------------------------------
// create
// --------------------------------------------------------------------------------------------------------
interface Side { client: EternusClient; boxId: string; volume: Volume }

async function side(provider: unknown, array: string, volumeId: number, role: string, o: CallOptions): Promise<Side> {
  const client = clientFor(provider, array);
  const sys = await client.getStorageSystem(o);
  if (sys.is_remote_copy_available === false) {
    throw new Error(`remote copy is not available on ${role} array "${array}" (GET /storagesystem is_remote_copy_available=false, license ${sys.remote_copy_license_type ?? "?"}): REC needs the remote copy license on both arrays`);
  }
  const volume = await client.getVolume(volumeId, o);
  if (!volume) throw new Error(`${role} volume_id ${volumeId} does not exist on array "${array}"`);
  return { client, boxId: sys.boxid, volume };
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

async function createOperation(provider: unknown, newsRaw: Props): Promise<{ id: string; outs: Props }> {
  const n = checkedOrThrow(provider, {}, newsRaw);
  const l = log(n);
  const signal = deadline(n.timeoutSeconds);
  const o: CallOptions = { signal };
  const what = `RecSyncSession ${sessionLabel(n)} create`;

  // Phase 1: nothing exists yet; any error here means nothing was created.
  const { src, dst, session, adopted } = await withDeadline(signal, what, async () => {
    const src = await side(provider, n.sourceArray, n.sourceVolumeId, "source", o);
    const dst = await side(provider, n.destinationArray, n.destinationVolumeId, "destination", o);
    if (src.boxId.toUpperCase() === dst.boxId.toUpperCase()) {
      throw new Error(`sourceArray "${n.sourceArray}" and destinationArray "${n.destinationArray}" are the same array (box ${src.boxId}): REC copies to a remote array`);
    }

    const existing = await findPairSession(src.client, n.sourceVolumeId, dst.boxId, n.destinationVolumeId, o);
    if (existing) {
      const diffs = compatibility(existing, n);
      if (diffs.length && !n.adopt) {
        throw new Error(`a REC session for this pair already exists (copysession_id ${existing.copysession_id} on array "${n.sourceArray}") and differs from the declaration: ${diffs.join("; ")}. Set adopt: true to take it over (the next pulumi up then applies the declared state), or delete it on the array`);
      }
      l.info(`adopting existing session ${existing.copysession_id} for this pair (${adoptReason(n, diffs)}); no second session is created`);
      if (diffs.length) l.warn(`it differs from the declaration (${diffs.join("; ")}); the next pulumi up applies the declared state (pulumi preview shows the procedure)`);
      return { src, dst, session: existing, adopted: diffs.length > 0 };
    }
    if (n.direction === "Reverse") {
      throw new Error(`direction Reverse cannot be used to create a session (it would copy the mirror onto the business volume): create with Forward, then change it`);
    }

    // Pre-flight checks: clear errors instead of array refusals.
    if (src.volume.capacity !== dst.volume.capacity) {
      throw new Error(`destination volume_id ${n.destinationVolumeId} has ${dst.volume.capacity} MB but source volume_id ${n.sourceVolumeId} has ${src.volume.capacity} MB: the manual requires the same size [M:op-sync] (RemoteVolume sizeFrom creates it so)`);
    }
    const srcSessions = await src.client.getVolumeCopySessions(n.sourceVolumeId, o);
    const count = srcSessions?.backup_volume_list?.length ?? 0;
    if (count >= MAX_SESSIONS_PER_SOURCE) {
      throw new Error(`source volume_id ${n.sourceVolumeId} already has ${count} copy sessions: at most ${MAX_SESSIONS_PER_SOURCE} per source volume [M:op-sync] (fewer with local clones or snapshots)`);
    }
    const dstSessions = await dst.client.getVolumeCopySessions(n.destinationVolumeId, o);
    if (dstSessions?.is_copy_destination_volume) {
      throw new Error(`destination volume_id ${n.destinationVolumeId} on array "${n.destinationArray}" is already the target of copy session ${idFromHref(dstSessions.copysession_href) ?? "?"} (from volume ${idFromHref(dstSessions.source_volume_href) ?? "?"} on box ${dstSessions.source_boxid ?? "?"}, status ${dstSessions.status ?? "?"}); a volume can be the destination of one session only`);
    }
    await warnOnPrivileges(src.client, n.sourceArray, l, o);

    l.info(`creating ${n.transferMode} REC session: volume ${n.sourceVolumeId} on "${n.sourceArray}" -> volume ${n.destinationVolumeId} on "${n.destinationArray}"`);
    let id: number;
    try {
      id = await src.client.createRecSession({
        sourceVolumeId: n.sourceVolumeId, destinationVolumeId: n.destinationVolumeId,
        sourceBoxId: src.boxId, destinationBoxId: dst.boxId, transferMode: n.transferMode,
        splitMode: n.transferMode === "Synchronous" ? n.splitMode : undefined, recoveryMode: n.recoveryMode,
      }, o);
    } catch (e) {
      // Lost response or a job error after the array committed: adopt the pair's session, never create a second.
      const found = await findPairSession(src.client, n.sourceVolumeId, dst.boxId, n.destinationVolumeId, { signal: deadline(60) }).catch(() => undefined);
      if (!found) throw e;
      l.warn(`create answered "${errorMessage(e)}" but session ${found.copysession_id} for this pair exists: adopting it`);
      return { src, dst, session: found, adopted: false };
    }
    const session = await src.client.getCopySession(id, o);
    if (!session) throw new Error(`session ${id} was created but cannot be read back from array "${n.sourceArray}"`);
    l.info(`created copy session ${id} (peer id ${session.remote_copysession_id ?? "?"} on "${n.destinationArray}")`);
    return { src, dst, session, adopted: false };
  });

  // Phase 2: the session exists. Any failure from here on is recorded (id + properties), never leaked.
  const boxes = { sourceBoxId: src.boxId, destinationBoxId: dst.boxId };
  let outs = outputsOf(n, session, boxes);
  const id = resourceId(outs);
  const ctx = ctxFor(src.client, outs, signal, l, n.timeoutSeconds);
  try {
    if (!adopted) {
      let s = session;
      // The initial copy first (so that suspended: true gets a normal suspend in Equivalent), then the
      // plan table brings the session to the declared state (only suspended: true can remain here).
      if (n.waitForEquivalent && classifyStatus(s.status) === "active") s = await waitSettled(ctx);
      const plan = planSession(desiredOf(n), observe(s, n));
      if (plan.action === "steps") {
        l.info(describePlan(plan, desiredOf(n), observe(s, n)));
        s = await runSteps(ctx, plan.steps);
      } else if (plan.action !== "noop") {
        throw new Error(plan.reason);
      }
      outs = outputsOf(n, s, boxes);
    }
    l.info(`ready: ${outs.status}/${outs.phase}${outs.progress !== undefined ? ` ${outs.progress}%` : ""}, ${outs.transferMode}, ${outs.direction}`);
    return { id, outs: outs as unknown as Props };
  } catch (e) {
    const latest = await readLive({ ...ctx, signal: deadline(30) }).catch(() => undefined);
    if (latest) outs = outputsOf(n, latest, boxes);
    const reason = errorMessage(e);
    l.warn(`${reason}; the session exists and is recorded in state (${outs.status}/${outs.phase}); the next pulumi up continues`);
    throw new PartialFailureError(`RecSyncSession ${sessionLabel(n)}: ${reason}`, id, { ...(outs as unknown as Props), __provider: newsRaw.__provider }, [reason]);
  }
}

function adoptReason(n: RecSyncSessionInputs, diffs: string[]): string {
  if (n.adopt) return "adopt: true";
  return diffs.length ? "" : "it matches the declaration: a retry after a lost response, or created outside Pulumi";
}

async function warnOnPrivileges(client: EternusClient, array: string, l: Logger, o: CallOptions): Promise<void> {
  try {
    const info = await client.getSessionInfo(o);
    const list = info.auth_list;
    if (Array.isArray(list)) {
      const missing = ["Advanced_Copy_Management", "Copy_Session_Management"].filter((p) => !list.includes(p));
      if (missing.length) l.warn(`the user on array "${array}" lacks ${missing.join(", ")}; tenant users cannot create, reverse or delete REC sessions [M:rec-post]`);
    }
  } catch {
    // Informational only.
  }
}

// --------------------------------------------------------------------------------------------------------
// read (refresh): the source array only.
// --------------------------------------------------------------------------------------------------------
async function readOperation(provider: unknown, id: string, propsRaw: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const o = stripProvider(propsRaw) as unknown as RecSyncSessionOutputs;
  const l = log(o);
  const client = clientFor(provider, o.sourceArray);
  const s = await ourSession(client, o, { signal: deadline(120) });
  if (!s) {
    l.warn(`copy session ${o.copySessionId} no longer exists on array "${o.sourceArray}" (or the id now names another session): removed from state; the next pulumi up creates it again`);
    return { id: "", props: {} };
  }
  const n = inputsFromOutputs(o) as unknown as RecSyncSessionInputs;
  const props = outputsOf({ ...n, timeoutSeconds: o.timeoutSeconds ?? 3600, waitForEquivalent: o.waitForEquivalent ?? true, adopt: o.adopt ?? false }, s,
    { sourceBoxId: o.sourceBoxId, destinationBoxId: o.destinationBoxId });
  const drift: string[] = [];
  if (props.suspended !== o.suspended) drift.push(props.suspended ? "suspended" : "resumed");
  if (props.direction !== o.direction) drift.push(`direction ${o.direction} -> ${props.direction}`);
  if (props.transferMode !== o.transferMode) drift.push(`transfer mode ${o.transferMode} -> ${props.transferMode}`);
  if (props.recoveryMode !== o.recoveryMode) drift.push(`recovery mode ${o.recoveryMode} -> ${props.recoveryMode}`);
  if (drift.length) l.warn(`changed outside Pulumi: ${drift.join(", ")}; the next pulumi up restores the declared state`);
  if (classifyStatus(props.status) === "error") {
    l.warn(`status ${props.status} (error_code ${props.errorCode ?? "?"}): the manual says remove the cause (e.g. overload of the destination array), then delete and re-create the session; the next pulumi up REPLACES it (full copy)`);
  } else if (classifyStatus(props.status) === "halt") {
    l.warn(`status Halt: the copy path to "${o.destinationArray}" looks down (recovery mode ${props.recoveryMode})`);
  }
  return { id, props: props as unknown as Props, inputs: inputsFromOutputs(props) };
}

// --------------------------------------------------------------------------------------------------------
// update: re-plan against the live session (source array only), run the steps, record what happened.
// --------------------------------------------------------------------------------------------------------
async function updateOperation(provider: unknown, id: string, oldsRaw: Props, newsRaw: Props): Promise<{ outs: Props }> {
  const o = stripProvider(oldsRaw) as unknown as RecSyncSessionOutputs;
  const n = checkedOrThrow(provider, oldsRaw, newsRaw);
  const l = log(n);
  for (const k of REPLACE_FIELDS) {
    if (changed(o[k], n[k])) throw new Error(`RecSyncSession ${sessionLabel(n)}: ${k} cannot change in place (replacement)`);
  }
  const signal = deadline(n.timeoutSeconds);
  const client = clientFor(provider, n.sourceArray);
  const ctx = ctxFor(client, o, signal, l, n.timeoutSeconds);
  const boxes = { sourceBoxId: o.sourceBoxId, destinationBoxId: o.destinationBoxId };
  let acted = false;
  try {
    return await withDeadline(signal, `RecSyncSession ${sessionLabel(n)} update`, async () => {
      // Re-read just before acting: the state in outputs may be old (read-then-act race, see the plan table).
      let s = await readLive(ctx);
      const desired = desiredOf(n);
      const observed = observe(s, n);
      const plan = planSession(desired, observed);
      for (const w of plan.warnings) l.warn(w);
      if (plan.action === "replace") {
        throw new Error(`${plan.reason}. It turned Error after the preview: run pulumi refresh, then pulumi up replaces it`);
      }
      if (plan.action === "refuse") throw new Error(plan.reason);
      if (plan.action === "steps") {
        l.info(describePlan(plan, desired, observed));
        acted = true;
        s = await runSteps(ctx, plan.steps);
      }
      // Declared running with waitForEquivalent: finish the copy even when no step was needed (e.g. after a
      // create that timed out, which the engine records and updates on the next up).
      if (!n.suspended && n.waitForEquivalent && classifyStatus(s.status) === "active") {
        acted = true;
        s = await waitSettled(ctx);
      }
      return { outs: outputsOf(n, s, boxes) as unknown as Props };
    });
  } catch (e) {
    if (!acted) throw e;
    // Something changed on the array: record the session as it is now, not the old outputs.
    const latest = await readLive({ ...ctx, signal: deadline(30) }).catch(() => undefined);
    if (!latest) throw e;
    const reason = errorMessage(e);
    throw new PartialFailureError(`RecSyncSession ${sessionLabel(n)}: ${reason}`, id, { ...(outputsOf(n, latest, boxes) as unknown as Props), __provider: newsRaw.__provider }, [reason]);
  }
}

// --------------------------------------------------------------------------------------------------------
// delete: forced delete on the source array, wait until gone there and on the destination array; delete a
// leftover on the destination array (copy path down) [M:cs-delete]. 404 = gone = success.
// --------------------------------------------------------------------------------------------------------
async function removeOperation(provider: unknown, _id: string, propsRaw: Props): Promise<void> {
  const o = stripProvider(propsRaw) as unknown as RecSyncSessionOutputs;
  const l = log(o);
  const timeoutSeconds = typeof o.timeoutSeconds === "number" && o.timeoutSeconds > 0 ? o.timeoutSeconds : 3600;
  const signal = deadline(timeoutSeconds);
  const opts: CallOptions = { signal };
  const what = `RecSyncSession ${sessionLabel(o)} delete`;

  let sourceError: unknown;
  await withDeadline(signal, what, async () => {
    try {
      const client = clientFor(provider, o.sourceArray);
      const s = await ourSession(client, o, { signal: probeSignal(signal) });
      if (!s) {
        l.info(`copy session ${o.copySessionId} is already gone from array "${o.sourceArray}"`);
      } else {
        l.info(`force-deleting copy session ${o.copySessionId} on array "${o.sourceArray}" (${s.status}/${s.phase}); the destination volume is kept`);
        await client.deleteCopySession(o.copySessionId, { forced: true }, opts);
        await waitFor((sig) => ourSession(client, o, { signal: sig }), (x) => x === undefined, {
          signal, what: `session ${o.copySessionId} to disappear from "${o.sourceArray}"`,
          onProgress: (x) => l.info(`waiting for the delete on "${o.sourceArray}": ${x?.status}/${x?.phase}`),
        });
      }
    } catch (e) {
      sourceError = e;
      l.warn(`cannot delete on the source array "${o.sourceArray}": ${errorMessage(e)}; cleaning up the destination array anyway`);
    }

    // The peer view on the destination array: normally it goes with the session; with the copy path down a
    // forced delete leaves it there [M:cs-delete] and it must be deleted there.
    try {
      const dclient = clientFor(provider, o.destinationArray);
      const peerRef = { destinationVolumeId: o.destinationVolumeId, sourceBoxId: o.sourceBoxId, sourceVolumeId: o.sourceVolumeId, remoteCopySessionId: o.remoteCopySessionId, copySessionId: o.copySessionId };
      const graceEnd = Date.now() + timing.peerGoneGraceMs;
      let peer = await findPeerSession(dclient, peerRef, { signal: probeSignal(signal) });
      while (peer && !sourceError && Date.now() < graceEnd) {
        await sleep(Math.min(timing.maxIntervalMs, 500), signal);
        peer = await findPeerSession(dclient, peerRef, opts);
      }
      if (peer) {
        l.warn(`leftover copy session ${peer.copysession_id} on destination array "${o.destinationArray}" (${peer.status}/${peer.phase}; copy path down?): force-deleting it there`);
        const leftoverId = peer.copysession_id;
        await dclient.deleteCopySession(leftoverId, { forced: true }, opts);
        await waitFor((sig) => findPeerSession(dclient, { ...peerRef, remoteCopySessionId: leftoverId }, { signal: sig }), (x) => x === undefined,
          { signal, what: `leftover session ${leftoverId} to disappear from "${o.destinationArray}"` });
      }
    } catch (e) {
      if (sourceError) throw e;
      l.warn(`could not check destination array "${o.destinationArray}" for a leftover of this session: ${errorMessage(e)}. The session is deleted on "${o.sourceArray}"; if the copy path was down, delete the REC session on volume ${o.destinationVolumeId} of "${o.destinationArray}" (remote box ${o.sourceBoxId}) by hand, or it blocks a new session to that volume`);
    }
  });
  if (sourceError) {
    throw new Error(`${what}: the session may still exist on source array "${o.sourceArray}" (${errorMessage(sourceError)}); run pulumi destroy/up again when the array is reachable, or, if that array is gone for good, remove the resource from state with pulumi state delete`);
  }
  l.info(`deleted copy session ${o.copySessionId}`);
}

// Every operation that may talk to an array holds a client lease: logins end when the last one returns.
export const diff = withClientLease(diffOperation);
export const create = withClientLease(createOperation);
export const read = withClientLease(readOperation);
export const update = withClientLease(updateOperation);
export const remove = withClientLease(removeOperation);
