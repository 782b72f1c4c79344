/**
 * RemoteVolume: the provider methods behind the serialized shell (resource.ts), reached through the
 * package's stable entry (provider/entry.ts).
 *
 * - create: POST /volume (TPV with tppId, Standard with raidGroupId), capacity from capacityMb or copied
 *   from `sizeFrom` (the business volume). A volume of that name already there: fail, or take it over with
 *   `adopt: true` (same size and pool required). A create whose response is lost: found by name, adopted.
 * - diff/update: rename in place (PATCH new_name, re-read: job Success does not guarantee it); growing =
 *   expand (TPV only; refused while a copy session exists: delete the session, expand both volumes,
 *   re-create it); shrinking or another pool/array = replacement, delete first.
 * - delete: refused, naming the session, while any copy session uses the volume; 404 = already gone.
 * - read: gone (404, or the id now names another volume: uid differs) -> removed from state.
 */
import { withClientLease } from "../../client";
import type { CallOptions, EternusClient, Volume, VolumeCopySessions } from "../../client/types";
import { idFromHref, enumEquals, MAX_SESSIONS_PER_SOURCE } from "../../api/dialect";
import { configOf } from "../../config";
import type { CheckFailure } from "../common/checker";
import { InvalidInputsError, PartialFailureError, PreflightError, ResourceGoneError } from "../common/errors";
import { CreateIntents, engineScope, sameIntent, type CreateIntent } from "../common/create-intents";
import { withKeyedLock } from "../common/keyed-lock";
import { sweptRead } from "../common/read-sweep";
import { sendConfirmed } from "../common/lost-response";
import { businessKey, mirrorToken, reserve, reservedOthers } from "../common/session-slots";
import { operation, RECENT_SYSTEM_MS, type Operation } from "../common/operation";
import { changed, errorMessage, isUnknown, jsonPlain, stripProvider, type Props } from "../common/unknown";
import type { Deadline } from "../common/waits";
import { checkedInputs, checkRemoteVolume, schemaFailures } from "./check";
import { resolveVolumeSelector } from "../common/volume-selector";
import { isFailure, loginChecks, previewChecksMode, volumeCheck } from "../common/preview-checks";
import {
  DIFF_LOOKUP_TIMEOUT_SECONDS, parseStoredOutputs, SIZE_FROM_KEYS, VOLUME_OPERATION_TIMEOUT_SECONDS,
  type RemoteVolumeInputs, type RemoteVolumeOutputs,
} from "./schema";

function label(n: { resourceName?: unknown; array?: unknown; name?: unknown }): string {
  return typeof n.resourceName === "string" && n.resourceName ? n.resourceName : `${String(n.array)}/${String(n.name)}`;
}

function volumeOperation(provider: unknown, n: { resourceName?: unknown; resourceUrn?: unknown; array?: unknown; name?: unknown }): Operation {
  return operation(provider, "RemoteVolume", label(n), n.resourceUrn);
}

/** Pool of a volume from allocated_resource_href (/api/v1/tpp/0, /api/v1/raidgroup/3). */
export function poolOf(v: Volume): { tppId?: number; raidGroupId?: number } {
  const href = typeof v.allocated_resource_href === "string" ? v.allocated_resource_href : "";
  const id = idFromHref(href);
  if (id === undefined) return {};
  if (/\/tpp\/\d+\/?$/.test(href)) return { tppId: id };
  if (/\/raid_?group\/\d+\/?$/i.test(href)) return { raidGroupId: id };
  return {};
}

function outputsOf(inputs: RemoteVolumeInputs, v: Volume, boxId: string): RemoteVolumeOutputs {
  return jsonPlain({
    array: inputs.array,
    name: v.name,
    capacityMb: v.capacity,
    sizeFrom: inputs.sizeFrom,
    tppId: inputs.tppId,
    raidGroupId: inputs.raidGroupId,
    adopt: inputs.adopt ?? false,
    providerVersion: inputs.providerVersion,
    resourceName: inputs.resourceName,
    resourceUrn: inputs.resourceUrn,
    volumeId: v.volume_id,
    volumeNumber: v.number,
    uid: v.uid,
    status: v.status,
    boxId,
    volumeType: v.type,
  });
}

/** The volume `volumeId` if it is still the one in state (ids can be reused: the uid must match). */
async function currentVolume(client: EternusClient, volumeId: number, uid: string | undefined, o?: CallOptions): Promise<Volume | undefined> {
  const v = await client.getVolume(volumeId, o);
  if (!v) return undefined;
  if (uid && v.uid && v.uid !== uid) return undefined;
  return v;
}

/** A volume read that shares one sweep of GET /volume with the reads close to it (common/read-sweep.ts). */
function sweptVolume(op: Operation, client: EternusClient, volumeId: number, o: CallOptions): Promise<Volume | undefined> {
  return sweptRead("volume", {
    client, now: op.rt.now, list: (x) => client.listVolumes(undefined, x), idOf: (x) => x.volume_id, single: (id, x) => client.getVolume(id, x),
  }, volumeId, o);
}

/** currentVolume for refresh: many reads close together share one sweep. */
async function refreshedVolume(op: Operation, client: EternusClient, volumeId: number, uid: string | undefined, o: CallOptions): Promise<Volume | undefined> {
  const v = await sweptVolume(op, client, volumeId, o);
  if (!v) return undefined;
  if (uid && v.uid && v.uid !== uid) return undefined;
  return v;
}

async function findByName(client: EternusClient, name: string, o?: CallOptions): Promise<Volume | undefined> {
  const all = await client.listVolumes({ name }, o);
  return all.find((v) => v.name === name);
}

/** sizeFrom's volume_id: declared, or resolved by check() from volumeName/volumeNumber. */
function sizeFromId(s: { array: string; volumeId?: number }): number {
  if (typeof s.volumeId !== "number") throw new InvalidInputsError(`sizeFrom on "${s.array}": volumeId is not resolved yet`, [{ property: "sizeFrom.volumeId", reason: "not resolved" }]);
  return s.volumeId;
}

async function sizeFromCapacity(op: Operation, s: { array: string; volumeId?: number }, o?: CallOptions): Promise<number> {
  const src = await op.client(s.array).getVolume(sizeFromId(s), o);
  if (!src) throw new PreflightError("volume-missing", `sizeFrom: volume_id ${s.volumeId} does not exist on array "${s.array}"`);
  return src.capacity;
}

/** Every copy session using the volume, as readable names; empty when none. */
export function sessionsUsing(vcs: VolumeCopySessions | undefined): string[] {
  if (!vcs) return [];
  const out: string[] = [];
  if (vcs.is_copy_destination_volume || vcs.copysession_href) {
    out.push(`copy session ${idFromHref(vcs.copysession_href) ?? "?"} (${vcs.backup_type ?? "copy"} destination of volume ${idFromHref(vcs.source_volume_href) ?? "?"} on box ${vcs.source_boxid ?? "?"}, status ${vcs.status ?? "?"}/${vcs.phase ?? "?"})`);
  }
  for (const b of vcs.backup_volume_list ?? []) {
    out.push(`copy session ${idFromHref(b.copysession_href) ?? "?"} (${b.backup_type ?? "copy"} source towards volume ${idFromHref(b.volume_href) ?? "?"} on box ${b.destination_boxid ?? "?"}, status ${b.status ?? "?"}/${b.phase ?? "?"})`);
  }
  return out;
}

async function checkOperation(provider: unknown, oldsRaw: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
  const { inputs, failures } = checkRemoteVolume(configOf(provider), news);
  const s = inputs.sizeFrom;
  if (!failures.length && s && typeof s === "object" && !isUnknown(s)) {
    // A business volume named by name or number: its volume_id, kept from the previous inputs while unchanged.
    const sizeFrom = s as Props;
    const oldRef = stripProvider(oldsRaw).sizeFrom;
    const olds = oldRef && typeof oldRef === "object" ? oldRef as Props : undefined;
    const failure = await resolveVolumeSelector(volumeOperation(provider, inputs), sizeFrom.array, sizeFrom, olds, olds?.array, SIZE_FROM_KEYS, "sizeFrom.", typeof inputs.resourceUrn === "string" ? inputs.resourceUrn : undefined);
    failures.push(...(failure ? [failure] : schemaFailures(inputs)));
  }
  const mode = previewChecksMode(configOf(provider), "array");
  if (mode !== "off" && mode !== "on") failures.push(mode);
  else if (mode === "on" && !failures.length) failures.push(...await previewCheckVolume(volumeOperation(provider, inputs), inputs));
  return { inputs: jsonPlain(inputs), failures };
}

/** Opt-in preview checks (common/preview-checks.ts): the arrays answer; the sizeFrom volume exists. */
async function previewCheckVolume(op: Operation, n: Props): Promise<CheckFailure[]> {
  const s = n.sizeFrom && typeof n.sizeFrom === "object" && !isUnknown(n.sizeFrom) ? n.sizeFrom as Props : undefined;
  const arrays = [{ property: "array", array: n.array }, { property: "sizeFrom.array", array: s?.array }]
    .filter((a, i, all) => typeof a.array === "string" && !isUnknown(a.array) && all.findIndex((b) => b.array === a.array) === i) as { property: string; array: string }[];
  const failures = await loginChecks(op, arrays);
  if (failures.length || !s || typeof s.volumeId !== "number" || typeof s.array !== "string") return failures;
  const v = await volumeCheck(op, "sizeFrom.volumeId", s.array, s.volumeId);
  return isFailure(v) ? [v] : [];
}

type DiffResult = { changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean };

/**
 * What a delete of this volume loses and how to keep it. The engine asks a dynamic provider nothing when it
 * plans a plain delete (destroy, or the resource removed from the program), so preview can state this only
 * for a replacement; the delete itself says it again.
 */
const DELETES_DATA = (o: RemoteVolumeOutputs) => `deleting volume "${o.name}" (volume_id ${o.volumeId}) on array "${o.array}" deletes its data: if it is a REC mirror, the DR copy is gone and a new session starts with a full initial copy. To keep the volume and its data, give the resource the option retainOnDelete: true (MirroredVolume: retainMirrorVolume: true) before the up; Pulumi then deletes only the session and leaves the volume on the array`;

/** diff (runs in preview; olds are the OLD OUTPUTS). Only a sizeFrom lookup reads the array (bounded). */
async function diffOperation(provider: unknown, id: string, oldsRaw: Props, newsRaw: Props): Promise<DiffResult> {
  const o = parseStoredOutputs(stripProvider(oldsRaw), id);
  const n = stripProvider(newsRaw); // checked inputs; in preview any value may be unknown
  const op = volumeOperation(provider, n);
  const replaces = (["array", "tppId", "raidGroupId"] as const).filter((k) => changed(o[k], n[k]));
  const notes: string[] = [];
  let inPlace = n.sizeFrom !== undefined && changed(o.sizeFrom, n.sizeFrom);

  const desired = await desiredCapacity(op, n);
  if (desired === "unknown") {
    inPlace = true;
    notes.push("capacity known at apply time (grow = expand, shrink = replacement)");
  } else if (desired !== undefined && desired !== o.capacityMb) {
    if (desired < o.capacityMb) {
      replaces.push("capacityMb" as never);
      notes.push(`shrink ${o.capacityMb} -> ${desired} MB is impossible on the array (volumes only grow)`);
    } else {
      inPlace = true;
      notes.push(`expand ${o.capacityMb} -> ${desired} MB (TPV only; refused while a copy session uses the volume)`);
    }
  }
  if (changed(o.name, n.name)) {
    inPlace = true;
    notes.push(isUnknown(n.name) ? "rename (new name known at apply time)" : `rename "${o.name}" -> "${n.name}" (PATCH new_name)`);
  }
  if (changed(o.providerVersion, n.providerVersion)) {
    inPlace = true;
    notes.push(`record provider version ${o.providerVersion ?? "(none)"} -> ${String(n.providerVersion)}`);
  }
  if (replaces.length) {
    op.log.info(`will REPLACE (delete first, then create; the data is NOT copied): ${replaces.join(", ")} changed${notes.length ? `; ${notes.join("; ")}` : ""}`);
    op.log.warn(DELETES_DATA(o));
    return { changes: true, replaces, deleteBeforeReplace: true };
  }
  if (!inPlace) return { changes: false };
  op.log.info(`will update in place: ${notes.join("; ") || "record new inputs"}`);
  return { changes: true };
}

/** Declared capacity, or the business volume's current size (best effort, read-only, bounded). */
async function desiredCapacity(op: Operation, n: Props): Promise<number | "unknown" | undefined> {
  if (n.capacityMb !== undefined) return isUnknown(n.capacityMb) ? "unknown" : Number(n.capacityMb);
  const s = n.sizeFrom;
  if (s === undefined) return undefined;
  if (isUnknown(s) || typeof s !== "object" || s === null) return "unknown";
  const ref = s as Props;
  if (isUnknown(ref.array) || isUnknown(ref.volumeId)) return "unknown";
  const sizeFrom = { array: String(ref.array), volumeId: typeof ref.volumeId === "number" ? ref.volumeId : undefined };
  try {
    // diff of many mirrors (preview, refresh) reads every business volume: one sweep of the source array.
    const src = await sweptVolume(op, op.client(sizeFrom.array), sizeFromId(sizeFrom), { signal: op.deadline(DIFF_LOOKUP_TIMEOUT_SECONDS).signal });
    if (!src) throw new PreflightError("volume-missing", `sizeFrom: volume_id ${sizeFrom.volumeId} does not exist on array "${sizeFrom.array}"`);
    return src.capacity;
  } catch (e) {
    op.log.warn(`cannot read the size of sizeFrom volume ${sizeFrom.volumeId} on "${sizeFrom.array}" (${errorMessage(e)}); assuming it is unchanged`);
    return undefined;
  }
}

async function createOperation(provider: unknown, newsRaw: Props): Promise<{ id: string; outs: Props }> {
  const n = checkedOrThrow(provider, newsRaw);
  const op = volumeOperation(provider, n);
  const d = op.deadline(VOLUME_OPERATION_TIMEOUT_SECONDS);
  const o: CallOptions = { signal: d.signal };
  const what = `RemoteVolume ${label(n)} create`;
  if (n.reserveSessionSlot && n.sizeFrom) {
    const key = businessKey(n.sizeFrom.array, sizeFromId(n.sizeFrom));
    return op.withDeadline(d, what, () => withKeyedLock(key, async () => {
      await checkSessionSlot(op, n, key, o);
      const created = await createVolume(op, n, o);
      reserve(key, mirrorToken(String(created.outs.boxId), created.id));
      return created;
    }));
  }
  return op.withDeadline(d, what, () => createVolume(op, n, o));
}

/** The business volume (sizeFrom) must have a session slot for this mirror: sessions + slots promised < 8. */
async function checkSessionSlot(op: Operation, n: RemoteVolumeInputs, key: string, o: CallOptions): Promise<void> {
  const s = n.sizeFrom!;
  const onArray = (await op.client(s.array).getVolumeCopySessions(sizeFromId(s), o))?.backup_volume_list?.length ?? 0;
  const promised = reservedOthers(key);
  if (onArray + promised >= MAX_SESSIONS_PER_SOURCE) {
    throw new PreflightError("session-limit", `RemoteVolume ${label(n)}: not created: business volume_id ${s.volumeId} on array "${s.array}" already has ${onArray} copy sessions${promised ? ` and ${promised} more being prepared by this update` : ""}, and at most ${MAX_SESSIONS_PER_SOURCE} are allowed per source volume, so its REC session could not be created`);
  }
}

async function createVolume(op: Operation, n: RemoteVolumeInputs, o: CallOptions): Promise<{ id: string; outs: RemoteVolumeOutputs }> {
  const client = op.client(n.array);
  const capacity = n.capacityMb ?? (await sizeFromCapacity(op, n.sizeFrom!, o));
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
    const found = await findByName(client, n.name, o).catch(() => undefined);
    if (!found || found.capacity !== capacity) {
      if (!found) intents.forget(boxId, n.name);
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
    && sessionsUsing(await client.getVolumeCopySessions(existing.volume_id, o)).length === 0) {
    op.log.warn(`volume "${n.name}" (volume_id ${existing.volume_id}) was created by an earlier create of this resource that was interrupted (intent recorded ${recorded.startedAt} on this machine): taking it over, no second volume is created`);
    intents.forget(want.boxId, n.name);
    return existing;
  }
  throw new PreflightError("name-taken", `RemoteVolume ${label(n)}: a volume named "${n.name}" already exists on array "${n.array}" (volume_id ${existing.volume_id}, ${existing.capacity} MB) and this machine has no record of creating it; set adopt: true to take it over (for example after an interrupted pulumi up on another machine), or choose another name`);
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
    throw new PreflightError("not-adoptable", `RemoteVolume ${label(n)}: cannot adopt volume "${n.name}" (volume_id ${v.volume_id}): ${problems.join("; ")}. Adopting it would plan a replacement (data loss) on the next update; fix the declaration instead`);
  }
}

function checkedOrThrow(provider: unknown, raw: Props): RemoteVolumeInputs {
  const { inputs, failures } = checkRemoteVolume(configOf(provider), raw);
  if (failures.length) throw new InvalidInputsError(`RemoteVolume ${label(inputs)}: invalid inputs: ${failures.map((f) => f.reason).join("; ")}`, failures);
  for (const [k, v] of Object.entries(inputs)) {
    if (isUnknown(v)) throw new InvalidInputsError(`RemoteVolume ${label(inputs)}: ${k} is still unknown`, [{ property: k, reason: `${k} is still unknown` }]);
  }
  return checkedInputs(inputs);
}

/** read (refresh): gone or reused id -> removed from state; out-of-band renames and resizes warn. */
async function readOperation(provider: unknown, id: string, propsRaw: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const o = parseStoredOutputs(stripProvider(propsRaw), id);
  const op = volumeOperation(provider, o);
  const signal = op.deadline(VOLUME_OPERATION_TIMEOUT_SECONDS).signal;
  const client = op.client(o.array);
  const v = await refreshedVolume(op, client, o.volumeId, o.uid, { signal });
  if (!v) {
    op.log.warn(`volume_id ${o.volumeId} no longer exists on array "${o.array}" (or the id now names another volume): removed from state`);
    return { id: "", props: {} };
  }
  const pool = poolOf(v);
  const inputsLike: RemoteVolumeInputs = {
    array: o.array, name: v.name, adopt: o.adopt, providerVersion: o.providerVersion, resourceName: o.resourceName, resourceUrn: o.resourceUrn,
    sizeFrom: o.sizeFrom, capacityMb: o.sizeFrom ? undefined : v.capacity,
    tppId: pool.tppId ?? (pool.raidGroupId === undefined ? o.tppId : undefined),
    raidGroupId: pool.raidGroupId ?? (pool.tppId === undefined ? o.raidGroupId : undefined),
  };
  const props = outputsOf(inputsLike, v, o.boxId);
  if (v.name !== o.name) op.log.warn(`renamed outside Pulumi: "${o.name}" -> "${v.name}"; the next update renames it back`);
  if (v.capacity !== o.capacityMb) op.log.warn(`capacity changed outside Pulumi: ${o.capacityMb} -> ${v.capacity} MB`);
  return { id, props, inputs: jsonPlain(inputsLike) };
}

interface VolumeStep { op: Operation; client: EternusClient; n: RemoteVolumeInputs; d: Deadline }

/** update: rename, then grow; what already happened is recorded when a later step fails. */
async function updateOperation(provider: unknown, id: string, oldsRaw: Props, newsRaw: Props): Promise<{ outs: Props }> {
  const old = parseStoredOutputs(stripProvider(oldsRaw), id);
  const n = checkedOrThrow(provider, newsRaw);
  const op = volumeOperation(provider, n);
  const d = op.deadline(VOLUME_OPERATION_TIMEOUT_SECONDS);
  const step: VolumeStep = { op, client: op.client(n.array), n, d };
  let done = false;
  try {
    return await op.withDeadline(d, `RemoteVolume ${label(n)} update`, async () => {
      let v = await currentVolume(step.client, old.volumeId, old.uid, { signal: d.signal });
      if (!v) throw new ResourceGoneError(`RemoteVolume ${label(n)}: volume_id ${old.volumeId} no longer exists on array "${n.array}"; run pulumi refresh (it is removed from state), then pulumi up re-creates it`);
      v = await rename(step, v);
      v = await grow(step, v);
      done = true;
      return { outs: outputsOf(n, v, old.boxId) };
    });
  } catch (e) {
    if (done) throw e;
    // Record what did happen (e.g. the rename before a refused expand) instead of the old state.
    const now = await step.client.getVolume(old.volumeId, { signal: op.deadline(30).signal }).catch(() => undefined);
    if (now && (now.name !== old.name || now.capacity !== old.capacityMb)) {
      const props = { ...outputsOf({ ...n, name: now.name }, now, old.boxId), __provider: newsRaw.__provider };
      throw new PartialFailureError(errorMessage(e), id, jsonPlain(props), [errorMessage(e)]);
    }
    throw e;
  }
}

async function rename({ op, client, n, d }: VolumeStep, v: Volume): Promise<Volume> {
  if (v.name === n.name) return v;
  const clash = await findByName(client, n.name, { signal: d.signal });
  if (clash && clash.volume_id !== v.volume_id) {
    throw new PreflightError("rename-clash", `RemoteVolume ${label(n)}: cannot rename to "${n.name}": volume_id ${clash.volume_id} on array "${n.array}" already has that name`);
  }
  op.log.info(`renaming "${v.name}" -> "${n.name}"`);
  await sendConfirmed(op, d, "rename", () => client.renameVolume(v.volume_id, n.name, { signal: d.signal }),
    (s) => client.getVolume(v.volume_id, { signal: s }), (x) => x?.name === n.name);
  // Job Success does not guarantee the change: read it back.
  return await op.waitFor((s) => client.getVolume(v.volume_id, { signal: s }), (x) => x?.name === n.name, { deadline: d, what: `the new name "${n.name}"` }) as Volume;
}

async function grow({ op, client, n, d }: VolumeStep, v: Volume): Promise<Volume> {
  const o = { signal: d.signal };
  const desired = n.capacityMb ?? (await sizeFromCapacity(op, n.sizeFrom!, o));
  if (desired < v.capacity) {
    throw new PreflightError("shrink", `RemoteVolume ${label(n)}: cannot shrink volume_id ${v.volume_id} from ${v.capacity} to ${desired} MB: ETERNUS volumes only grow; a smaller size needs a new volume (replacement)`);
  }
  if (desired === v.capacity) return v;
  if (!enumEquals(v.type, "TPV") && v.type !== undefined) {
    throw new PreflightError("expand-not-tpv", `RemoteVolume ${label(n)}: cannot expand volume_id ${v.volume_id}: it is a ${v.type} volume and the array expands TPV (thin) volumes only; use a volume in a thin pool (tppId) or replace it`);
  }
  const users = sessionsUsing(await client.getVolumeCopySessions(v.volume_id, o));
  if (users.length) {
    throw new PreflightError("expand-in-session", `RemoteVolume ${label(n)}: cannot expand volume_id ${v.volume_id} from ${v.capacity} to ${desired} MB while ${users.join("; ")} exists: the array refuses to expand a volume in a full-range (Totally) copy session. Procedure: delete the RecSyncSession (e.g. comment it out and pulumi up), expand the business volume and this volume to the same size, then declare the session again (full initial copy)`);
  }
  op.log.info(`expanding ${v.capacity} -> ${desired} MB`);
  await sendConfirmed(op, d, "expand", () => client.expandVolume(v.volume_id, desired, o),
    (s) => client.getVolume(v.volume_id, { signal: s }), (x) => (x?.capacity ?? 0) >= desired);
  return await op.waitFor((s) => client.getVolume(v.volume_id, { signal: s }), (x) => (x?.capacity ?? 0) >= desired, { deadline: d, what: `capacity ${desired} MB` }) as Volume;
}

/** delete: refused while any copy session uses the volume (looked up, not left to the array). */
async function removeOperation(provider: unknown, id: string, propsRaw: Props): Promise<void> {
  const o = parseStoredOutputs(stripProvider(propsRaw), id);
  const op = volumeOperation(provider, o);
  const d = op.deadline(VOLUME_OPERATION_TIMEOUT_SECONDS);
  const opts: CallOptions = { signal: d.signal };
  const client = op.client(o.array);
  await op.withDeadline(d, `RemoteVolume ${label(o)} delete`, async () => {
    const v = await currentVolume(client, o.volumeId, o.uid, opts);
    if (!v) {
      op.log.info(`volume_id ${o.volumeId} is already gone from array "${o.array}"`);
      return;
    }
    const users = sessionsUsing(await client.getVolumeCopySessions(o.volumeId, opts));
    if (users.length) {
      throw new PreflightError("volume-in-use", `RemoteVolume ${label(o)}: refusing to delete volume "${v.name}" (volume_id ${o.volumeId}) on array "${o.array}": it is still used by ${users.join("; ")}. Delete the RecSyncSession first (Pulumi does this when the session depends on the volume)`);
    }
    op.log.warn(DELETES_DATA(o));
    await client.deleteVolume(o.volumeId, opts);
    await op.waitFor((s) => currentVolume(client, o.volumeId, o.uid, { signal: s }), (x) => x === undefined, { deadline: d, what: `volume_id ${o.volumeId} to disappear` });
    op.log.info(`deleted volume_id ${o.volumeId}`);
  });
}

// Every operation that may talk to an array holds a client lease: no idle logout while one runs.
export const check = withClientLease(checkOperation);
export const diff = withClientLease(diffOperation);
export const create = withClientLease(createOperation);
export const read = withClientLease(readOperation);
export const update = withClientLease(updateOperation);
export const remove = withClientLease(removeOperation);
