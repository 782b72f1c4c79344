/**
 * RemoteVolume create: POST /volume (TPV with tppId, Standard with raidGroupId), capacity from capacityMb
 * or copied from `sizeFrom` (the business volume). A volume of that name already there: fail, or take it
 * over with `adopt: true` (same size and pool required) or when this machine recorded the intent to create
 * exactly it. A create whose response is lost: found by name, adopted.
 */
import { MAX_SESSIONS_PER_SOURCE } from "../../api/dialect";
import { isCancelled } from "../../client/errors";
import type { CallOptions, EternusClient, Volume } from "../../client/types";
import { CreateIntents, engineScope, sameIntent, type CreateIntent } from "../common/create-intents";
import { PreflightError } from "../common/errors";
import { withKeyedLock } from "../common/keyed-lock";
import { RECENT_SYSTEM_MS, type Operation } from "../common/operation";
import { businessKey, mirrorToken, reserve, reservedOthers } from "../common/session-slots";
import { errorMessage } from "../common/unknown";
import { findByName, sizeFromCapacity, sizeFromId, sizeFromOf, volumeUsers } from "./lookups";
import { outputsOf, poolOf, volumeLabel } from "./outputs";
import { volumeOperationSeconds, type RemoteVolumeInputs, type RemoteVolumeOutputs } from "./schema";

type Created = { id: string; outs: RemoteVolumeOutputs };

/** The create, bounded; a mirror of a business volume first takes one of its session slots. */
export function createRemoteVolume(op: Operation, n: RemoteVolumeInputs): Promise<Created> {
  const d = op.deadline(volumeOperationSeconds(n));
  const o: CallOptions = { signal: d.signal };
  const what = `RemoteVolume ${volumeLabel(n)} create`;
  const s = n.reserveSessionSlot ? n.sizeFrom : undefined;
  if (!s) return op.withDeadline(d, what, () => createVolume(op, n, o));
  const key = businessKey(s.array, sizeFromId(s));
  return op.withDeadline(d, what, () => withKeyedLock(key, async () => {
    await checkSessionSlot(op, n, s, key, o);
    const created = await createVolume(op, n, o);
    reserve(key, mirrorToken(created.outs.boxId, created.id));
    return created;
  }));
}

/** The business volume (sizeFrom) must have a session slot for this mirror: sessions + slots promised < 8. */
async function checkSessionSlot(op: Operation, n: RemoteVolumeInputs, s: { array: string; volumeId?: number }, key: string, o: CallOptions): Promise<void> {
  const onArray = (await op.client(s.array).getVolumeCopySessions(sizeFromId(s), o))?.backup_volume_list?.length ?? 0;
  const promised = reservedOthers(key);
  if (onArray + promised >= MAX_SESSIONS_PER_SOURCE) {
    throw new PreflightError("session-limit", `RemoteVolume ${volumeLabel(n)}: not created: business volume_id ${s.volumeId} on array "${s.array}" already has ${onArray} copy sessions${promised ? ` and ${promised} more being prepared by this update` : ""}, and at most ${MAX_SESSIONS_PER_SOURCE} are allowed per source volume, so its REC session could not be created`);
  }
}

async function createVolume(op: Operation, n: RemoteVolumeInputs, o: CallOptions): Promise<Created> {
  const client = op.client(n.array);
  const capacity = n.capacityMb ?? (await sizeFromCapacity(op, sizeFromOf(n), o));
  const boxId = (await client.getStorageSystem({ ...o, maxAgeMs: RECENT_SYSTEM_MS })).boxid;
  const intents = new CreateIntents(op.intentDir);
  const intent: CreateIntent = { boxId, name: n.name, capacityMb: capacity, tppId: n.tppId, raidGroupId: n.raidGroupId, resourceName: n.resourceName, ...engineScope(), startedAt: new Date(op.rt.now()).toISOString() };

  const existing = await findByName(client, n.name, o);
  if (existing) {
    const taken = await takeOver(op, client, n, existing, intents, intent, o);
    return { id: String(taken.volume_id), outs: outputsOf(n, taken, boxId) };
  }

  op.log.info(`creating volume "${n.name}" (${capacity} MB, ${n.tppId !== undefined ? `TPV in thin pool ${n.tppId}` : `Standard in RAID group ${n.raidGroupId}`}) on array "${n.array}"`);
  // Recorded before the POST: if this process dies before the engine records the volume, the next create
  // recognises the volume as its own (common/create-intents.ts).
  intents.record(intent);
  let vol: Volume;
  try {
    vol = await client.createVolume({ name: n.name, capacityMb: capacity, tppId: n.tppId, raidGroupId: n.raidGroupId }, o);
  } catch (e) {
    // A lost response (or a job that failed after committing): the name is unique, so look it up.
    const found = await findByName(client, n.name, { signal: op.recordDeadline(60).signal }).catch(() => undefined);
    if (!found || found.capacity !== capacity) {
      // Cancelled by the engine: the job may still create it, so the intent stays (the next create takes it over).
      if (!found && !isCancelled(e)) intents.forget(boxId, n.name);
      throw e;
    }
    op.log.warn(`create answered "${errorMessage(e)}" but volume "${n.name}" exists (volume_id ${found.volume_id}): adopting it, no second volume is created`);
    vol = found;
  }
  intents.forget(boxId, n.name);
  op.log.info(`created volume_id ${vol.volume_id} (number ${vol.number ?? "?"}, uid ${vol.uid ?? "?"})`);
  return { id: String(vol.volume_id), outs: outputsOf(n, vol, boxId) };
}

/**
 * A volume of the declared name exists: take it over with `adopt: true`, or when this machine recorded the
 * intent to create exactly it (an interrupted create of ours); otherwise refuse, naming both ways out.
 */
async function takeOver(op: Operation, client: EternusClient, n: RemoteVolumeInputs, existing: Volume, intents: CreateIntents, want: CreateIntent, o: CallOptions): Promise<Volume> {
  if (n.adopt) {
    verifyAdoptable(n, existing, want.capacityMb);
    op.log.info(`adopted existing volume "${n.name}" (volume_id ${existing.volume_id}, ${existing.capacity} MB) instead of creating it`);
    return existing;
  }
  const recorded = intents.find(want.boxId, n.name);
  if (recorded && sameIntent(recorded, want) && existing.capacity === want.capacityMb && poolMatches(n, existing)
    && (await volumeUsers(client, existing.volume_id, o)).length === 0) {
    op.log.warn(`volume "${n.name}" (volume_id ${existing.volume_id}) was created by an earlier create of this resource that was interrupted (intent recorded ${recorded.startedAt} on this machine): taking it over, no second volume is created`);
    intents.forget(want.boxId, n.name);
    return existing;
  }
  throw new PreflightError("name-taken", `RemoteVolume ${volumeLabel(n)}: a volume named "${n.name}" already exists on array "${n.array}" (volume_id ${existing.volume_id}, ${existing.capacity} MB) and this machine has no record of creating it; set adopt: true to take it over (for example after an interrupted pulumi up on another machine), or choose another name`);
}

function poolMatches(n: RemoteVolumeInputs, v: Volume): boolean {
  const pool = poolOf(v);
  return n.tppId !== undefined ? pool.tppId === n.tppId : pool.raidGroupId === n.raidGroupId;
}

function verifyAdoptable(n: RemoteVolumeInputs, v: Volume, capacity: number): void {
  const problems: string[] = [];
  if (v.capacity !== capacity) problems.push(`its capacity is ${v.capacity} MB, declared ${capacity} MB`);
  const pool = poolOf(v);
  if (n.tppId !== undefined && pool.raidGroupId !== undefined) problems.push(`it is in RAID group ${pool.raidGroupId}, declared thin pool ${n.tppId}`);
  if (n.tppId !== undefined && pool.tppId !== undefined && pool.tppId !== n.tppId) problems.push(`it is in thin pool ${pool.tppId}, declared ${n.tppId}`);
  if (n.raidGroupId !== undefined && pool.tppId !== undefined) problems.push(`it is in thin pool ${pool.tppId}, declared RAID group ${n.raidGroupId}`);
  if (n.raidGroupId !== undefined && pool.raidGroupId !== undefined && pool.raidGroupId !== n.raidGroupId) problems.push(`it is in RAID group ${pool.raidGroupId}, declared ${n.raidGroupId}`);
  if (problems.length) {
    throw new PreflightError("not-adoptable", `RemoteVolume ${volumeLabel(n)}: cannot adopt volume "${n.name}" (volume_id ${v.volume_id}): ${problems.join("; ")}. Adopting it would plan a replacement (data loss) on the next update; fix the declaration instead`);
  }
}
