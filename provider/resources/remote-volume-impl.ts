/**
 * RemoteVolume: the real logic behind the thin serialized shell in remote-volume.ts. Loaded at call time
 * by package name, so it may use the client (undici), zod and module state freely.
 *
 * Behaviour (the issue, "RemoteVolume"):
 * - create: POST /volume (TPV with tppId, Standard with raidGroupId), capacity from capacityMb or copied
 *   from `sizeFrom` (the business volume). A volume of that name already there: fail, or take it over with
 *   `adopt: true` (same size and pool required). A create whose response is lost: found by name, adopted.
 * - diff/update: rename in place (PATCH new_name, re-read: job Success does not guarantee it [M:vol-patch]);
 *   growing = expand (TPV only; refused while a copy session exists [M:vol-expand]: delete the session,
 *   expand both volumes, re-create it); shrinking or another pool/array = replacement, delete first.
 * - delete: refused, naming the session, while any copy session uses the volume; 404 = already gone.
 * - read: gone (404, or the id now names another volume: uid differs) -> removed from state.
 */
import { withClientLease } from "../client/registry";
import type { CallOptions, EternusClient, Volume, VolumeCopySessions } from "../client/types";
import { idFromHref, enumEquals } from "../api/dialect";
import { configOf } from "../config";
import { clientFor } from "./clients";
import {
  checkRemoteVolume, stripProvider, isUnknown, type RemoteVolumeInputs, type CheckFailure,
} from "./input-validation";
import { logger, type Logger } from "../log";
import { deadline, waitFor, jsonPlain, PartialFailureError, errorMessage, withDeadline } from "./wait";

/** Volume operations have no timeout input; this bounds each create/update/delete. */
export const VOLUME_OPERATION_TIMEOUT_SECONDS = 600;
/** diff looks up the size of a sizeFrom volume; it must not hang a preview. */
export const DIFF_LOOKUP_TIMEOUT_SECONDS = 30;

/** Outputs (also the state the engine gives back to diff/update/read/delete as `olds`/`props`). */
export interface RemoteVolumeOutputs {
  array: string;
  name: string;
  capacityMb: number;
  sizeFrom?: { array: string; volumeId: number };
  tppId?: number;
  raidGroupId?: number;
  adopt: boolean;
  providerVersion?: string;
  resourceName?: string;
  volumeId: number;
  volumeNumber?: number;
  uid?: string;
  status?: string;
  boxId: string;
  volumeType?: string;
}

type Props = Record<string, unknown>;

function label(n: { resourceName?: unknown; array?: unknown; name?: unknown }): string {
  return typeof n.resourceName === "string" && n.resourceName ? n.resourceName : `${String(n.array)}/${String(n.name)}`;
}

function log(n: { resourceName?: unknown; array?: unknown; name?: unknown }): Logger {
  return logger("RemoteVolume", label(n));
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

async function findByName(client: EternusClient, name: string, o?: CallOptions): Promise<Volume | undefined> {
  const all = await client.listVolumes({ name }, o);
  return all.find((v) => v.name === name);
}

async function sizeFromCapacity(provider: unknown, s: { array: string; volumeId: number }, o?: CallOptions): Promise<number> {
  const src = await clientFor(provider, s.array).getVolume(s.volumeId, o);
  if (!src) throw new Error(`sizeFrom: volume_id ${s.volumeId} does not exist on array "${s.array}"`);
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

// --------------------------------------------------------------------------------------------------------
// check
// --------------------------------------------------------------------------------------------------------
export async function check(provider: unknown, _olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
  const { inputs, failures } = checkRemoteVolume(configOf(provider), news);
  return { inputs: jsonPlain(inputs) as unknown as Props, failures };
}

function changed(a: unknown, b: unknown): boolean {
  return isUnknown(b) || JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}

// --------------------------------------------------------------------------------------------------------
// diff (runs in preview; olds are the OLD OUTPUTS)
// --------------------------------------------------------------------------------------------------------
async function diffOperation(provider: unknown, _id: string, oldsRaw: Props, newsRaw: Props): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }> {
  const o = stripProvider(oldsRaw) as unknown as RemoteVolumeOutputs;
  const n = stripProvider(newsRaw) as unknown as RemoteVolumeInputs;
  const l = log(n);
  const replaces: string[] = [];
  const notes: string[] = [];
  let inPlace = false;

  if (changed(o.array, n.array)) replaces.push("array");
  if (changed(o.tppId, n.tppId)) replaces.push("tppId");
  if (changed(o.raidGroupId, n.raidGroupId)) replaces.push("raidGroupId");

  // Desired capacity: declared, or the business volume's current size (best effort, read-only).
  let desired: number | "unknown" | undefined;
  if (n.capacityMb !== undefined) desired = isUnknown(n.capacityMb) ? "unknown" : n.capacityMb;
  else if (n.sizeFrom !== undefined) {
    const s = n.sizeFrom as unknown;
    if (isUnknown(s) || isUnknown((s as Props).array) || isUnknown((s as Props).volumeId)) desired = "unknown";
    else {
      try {
        desired = await sizeFromCapacity(provider, n.sizeFrom, { signal: deadline(DIFF_LOOKUP_TIMEOUT_SECONDS) });
      } catch (e) {
        l.warn(`cannot read the size of sizeFrom volume ${n.sizeFrom.volumeId} on "${n.sizeFrom.array}" (${errorMessage(e)}); assuming it is unchanged`);
        desired = undefined;
      }
    }
    if (changed(o.sizeFrom, n.sizeFrom)) inPlace = true;
  }
  if (desired === "unknown") {
    inPlace = true;
    notes.push("capacity known at apply time (grow = expand, shrink = replacement)");
  } else if (typeof desired === "number" && typeof o.capacityMb === "number" && desired !== o.capacityMb) {
    if (desired < o.capacityMb) {
      replaces.push("capacityMb");
      notes.push(`shrink ${o.capacityMb} -> ${desired} MB is impossible on the array [M:vol-expand]`);
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
    l.info(`will REPLACE (delete first, then create; the data is NOT copied): ${replaces.join(", ")} changed${notes.length ? `; ${notes.join("; ")}` : ""}`);
    return { changes: true, replaces, deleteBeforeReplace: true };
  }
  if (inPlace) {
    l.info(`will update in place: ${notes.join("; ") || "record new inputs"}`);
    return { changes: true };
  }
  return { changes: false };
}

// --------------------------------------------------------------------------------------------------------
// create
// --------------------------------------------------------------------------------------------------------
async function createOperation(provider: unknown, newsRaw: Props): Promise<{ id: string; outs: Props }> {
  const n = checkedOrThrow(provider, newsRaw);
  const l = log(n);
  const signal = deadline(VOLUME_OPERATION_TIMEOUT_SECONDS);
  const o: CallOptions = { signal };
  return withDeadline(signal, `RemoteVolume ${label(n)} create`, async () => {
    const client = clientFor(provider, n.array);
    const capacity = n.capacityMb ?? (await sizeFromCapacity(provider, n.sizeFrom!, o));
    const boxId = (await client.getStorageSystem(o)).boxid;

    const existing = await findByName(client, n.name, o);
    if (existing) {
      if (!n.adopt) {
        throw new Error(`RemoteVolume ${label(n)}: a volume named "${n.name}" already exists on array "${n.array}" (volume_id ${existing.volume_id}, ${existing.capacity} MB); set adopt: true to take it over, or choose another name`);
      }
      verifyAdoptable(n, existing, capacity);
      l.info(`adopted existing volume "${n.name}" (volume_id ${existing.volume_id}, ${existing.capacity} MB) instead of creating it`);
      return { id: String(existing.volume_id), outs: outputsOf(n, existing, boxId) as unknown as Props };
    }

    l.info(`creating volume "${n.name}" (${capacity} MB, ${n.tppId !== undefined ? `TPV in thin pool ${n.tppId}` : `Standard in RAID group ${n.raidGroupId}`}) on array "${n.array}"`);
    let vol: Volume;
    try {
      vol = await client.createVolume({ name: n.name, capacityMb: capacity, tppId: n.tppId, raidGroupId: n.raidGroupId }, o);
    } catch (e) {
      // A lost response (or a job that failed after committing): the name is unique, so look it up.
      const found = await findByName(client, n.name, o).catch(() => undefined);
      if (!found) throw e;
      if (found.capacity !== capacity) throw e;
      l.warn(`create answered "${errorMessage(e)}" but volume "${n.name}" exists (volume_id ${found.volume_id}): adopting it, no second volume is created`);
      vol = found;
    }
    l.info(`created volume_id ${vol.volume_id} (number ${vol.number ?? "?"}, uid ${vol.uid ?? "?"})`);
    return { id: String(vol.volume_id), outs: outputsOf(n, vol, boxId) as unknown as Props };
  });
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
    throw new Error(`RemoteVolume ${label(n)}: cannot adopt volume "${n.name}" (volume_id ${v.volume_id}): ${problems.join("; ")}. Adopting it would plan a replacement (data loss) on the next update; fix the declaration instead`);
  }
}

function checkedOrThrow(provider: unknown, raw: Props): RemoteVolumeInputs {
  const { inputs, failures } = checkRemoteVolume(configOf(provider), raw);
  if (failures.length) throw new Error(`RemoteVolume ${label(inputs)}: invalid inputs: ${failures.map((f) => f.reason).join("; ")}`);
  for (const [k, v] of Object.entries(inputs)) if (isUnknown(v)) throw new Error(`RemoteVolume ${label(inputs)}: ${k} is still unknown`);
  return inputs;
}

// --------------------------------------------------------------------------------------------------------
// read (refresh)
// --------------------------------------------------------------------------------------------------------
async function readOperation(provider: unknown, id: string, propsRaw: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const o = stripProvider(propsRaw) as unknown as RemoteVolumeOutputs;
  const l = log(o);
  const signal = deadline(VOLUME_OPERATION_TIMEOUT_SECONDS);
  const client = clientFor(provider, o.array);
  const volumeId = Number(o.volumeId ?? id);
  const v = await currentVolume(client, volumeId, o.uid, { signal });
  if (!v) {
    l.warn(`volume_id ${volumeId} no longer exists on array "${o.array}" (or the id now names another volume): removed from state`);
    return { id: "", props: {} };
  }
  const pool = poolOf(v);
  const inputsLike: RemoteVolumeInputs = {
    array: o.array, name: v.name, adopt: o.adopt ?? false, providerVersion: o.providerVersion, resourceName: o.resourceName,
    sizeFrom: o.sizeFrom, capacityMb: o.sizeFrom ? undefined : v.capacity,
    tppId: pool.tppId ?? (pool.raidGroupId === undefined ? o.tppId : undefined),
    raidGroupId: pool.raidGroupId ?? (pool.tppId === undefined ? o.raidGroupId : undefined),
  };
  const props = outputsOf(inputsLike, v, o.boxId ?? (await client.getStorageSystem({ signal })).boxid);
  if (v.name !== o.name) l.warn(`renamed outside Pulumi: "${o.name}" -> "${v.name}"; the next update renames it back`);
  if (v.capacity !== o.capacityMb) l.warn(`capacity changed outside Pulumi: ${o.capacityMb} -> ${v.capacity} MB`);
  const inputs = jsonPlain({ ...inputsLike }) as unknown as Props;
  return { id, props: props as unknown as Props, inputs };
}

// --------------------------------------------------------------------------------------------------------
// update
// --------------------------------------------------------------------------------------------------------
async function updateOperation(provider: unknown, id: string, oldsRaw: Props, newsRaw: Props): Promise<{ outs: Props }> {
  const old = stripProvider(oldsRaw) as unknown as RemoteVolumeOutputs;
  const n = checkedOrThrow(provider, newsRaw);
  const l = log(n);
  const signal = deadline(VOLUME_OPERATION_TIMEOUT_SECONDS);
  const o: CallOptions = { signal };
  const client = clientFor(provider, n.array);
  const boxId = old.boxId ?? (await client.getStorageSystem(o)).boxid;
  const volumeId = Number(old.volumeId ?? id);
  let done = false;
  try {
    return await withDeadline(signal, `RemoteVolume ${label(n)} update`, async () => {
      let v = await currentVolume(client, volumeId, old.uid, o);
      if (!v) throw new Error(`RemoteVolume ${label(n)}: volume_id ${volumeId} no longer exists on array "${n.array}"; run pulumi refresh (it is removed from state), then pulumi up re-creates it`);

      if (v.name !== n.name) {
        const clash = await findByName(client, n.name, o);
        if (clash && clash.volume_id !== v.volume_id) {
          throw new Error(`RemoteVolume ${label(n)}: cannot rename to "${n.name}": volume_id ${clash.volume_id} on array "${n.array}" already has that name`);
        }
        l.info(`renaming "${v.name}" -> "${n.name}"`);
        await client.renameVolume(v.volume_id, n.name, o);
        // Job Success does not guarantee the change [M:vol-patch]: read it back.
        v = await waitFor((s) => client.getVolume(volumeId, { signal: s }), (x) => x?.name === n.name, { signal, what: `the new name "${n.name}"` }) as Volume;
      }

      const desired = n.capacityMb ?? (await sizeFromCapacity(provider, n.sizeFrom!, o));
      if (desired < v.capacity) {
        throw new Error(`RemoteVolume ${label(n)}: cannot shrink volume_id ${v.volume_id} from ${v.capacity} to ${desired} MB: ETERNUS volumes only grow [M:vol-expand]; a smaller size needs a new volume (replacement)`);
      }
      if (desired > v.capacity) {
        if (!enumEquals(v.type, "TPV") && v.type !== undefined) {
          throw new Error(`RemoteVolume ${label(n)}: cannot expand volume_id ${v.volume_id}: it is a ${v.type} volume and the array expands TPV (thin) volumes only [M:vol-expand]; use a volume in a thin pool (tppId) or replace it`);
        }
        const users = sessionsUsing(await client.getVolumeCopySessions(v.volume_id, o));
        if (users.length) {
          throw new Error(`RemoteVolume ${label(n)}: cannot expand volume_id ${v.volume_id} from ${v.capacity} to ${desired} MB while ${users.join("; ")} exists: the array refuses to expand a volume in a full-range (Totally) copy session [M:vol-expand]. Procedure: delete the RecSyncSession (e.g. comment it out and pulumi up), expand the business volume and this volume to the same size, then declare the session again (full initial copy)`);
        }
        l.info(`expanding ${v.capacity} -> ${desired} MB`);
        await client.expandVolume(v.volume_id, desired, o);
        v = await waitFor((s) => client.getVolume(volumeId, { signal: s }), (x) => (x?.capacity ?? 0) >= desired, { signal, what: `capacity ${desired} MB` }) as Volume;
      }
      done = true;
      return { outs: outputsOf(n, v, boxId) as unknown as Props };
    });
  } catch (e) {
    if (done) throw e;
    // Record what did happen (e.g. the rename before a refused expand) instead of the old state.
    const now = await client.getVolume(volumeId, { signal: deadline(30) }).catch(() => undefined);
    if (now && (now.name !== old.name || now.capacity !== old.capacityMb)) {
      const props = { ...outputsOf({ ...n, name: now.name }, now, boxId), __provider: newsRaw.__provider };
      throw new PartialFailureError(errorMessage(e), id, jsonPlain(props) as Props, [errorMessage(e)]);
    }
    throw e;
  }
}

// --------------------------------------------------------------------------------------------------------
// delete
// --------------------------------------------------------------------------------------------------------
async function removeOperation(provider: unknown, id: string, propsRaw: Props): Promise<void> {
  const o = stripProvider(propsRaw) as unknown as RemoteVolumeOutputs;
  const l = log(o);
  const signal = deadline(VOLUME_OPERATION_TIMEOUT_SECONDS);
  const opts: CallOptions = { signal };
  const client = clientFor(provider, o.array);
  const volumeId = Number(o.volumeId ?? id);
  await withDeadline(signal, `RemoteVolume ${label(o)} delete`, async () => {
    const v = await currentVolume(client, volumeId, o.uid, opts);
    if (!v) {
      l.info(`volume_id ${volumeId} is already gone from array "${o.array}"`);
      return;
    }
    const users = sessionsUsing(await client.getVolumeCopySessions(volumeId, opts));
    if (users.length) {
      throw new Error(`RemoteVolume ${label(o)}: refusing to delete volume "${v.name}" (volume_id ${volumeId}) on array "${o.array}": it is still used by ${users.join("; ")}. Delete the RecSyncSession first (Pulumi does this when the session depends on the volume)`);
    }
    l.info(`deleting volume "${v.name}" (volume_id ${volumeId})`);
    await client.deleteVolume(volumeId, opts);
    await waitFor((s) => currentVolume(client, volumeId, o.uid, { signal: s }), (x) => x === undefined, { signal, what: `volume_id ${volumeId} to disappear` });
    l.info(`deleted volume_id ${volumeId}`);
  });
}

// Every operation that may talk to an array holds a client lease: logins end when the last one returns.
export const diff = withClientLease(diffOperation);
export const create = withClientLease(createOperation);
export const read = withClientLease(readOperation);
export const update = withClientLease(updateOperation);
export const remove = withClientLease(removeOperation);
