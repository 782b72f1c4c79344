/**
 * RemoteVolume's reads of the array, with identity: a volume_id in state is ours only while its `uid`
 * matches (the array reuses ids), a name is unique on an array, and a volume in any copy session is named
 * by its sessions.
 */
import { idFromHref } from "../../api/dialect";
import type { CallOptions, EternusClient, Volume, VolumeCopySessions } from "../../client/types";
import { InvalidInputsError, PreflightError } from "../common/errors";
import type { Operation } from "../common/operation";
import { sweptRead } from "../common/read-sweep";

/** The volume read is still the one in state: a uid that differs means the id was reused. */
function isOurs(v: Volume | undefined, uid: string | undefined): Volume | undefined {
  return v && !(uid && v.uid && v.uid !== uid) ? v : undefined;
}

/** The volume `volumeId` if it is still the one in state. */
export async function currentVolume(client: EternusClient, volumeId: number, uid: string | undefined, o?: CallOptions): Promise<Volume | undefined> {
  return isOurs(await client.getVolume(volumeId, o), uid);
}

/** A volume read that shares one sweep of GET /volume with the reads close to it (common/read-sweep.ts). */
export function sweptVolume(op: Operation, client: EternusClient, volumeId: number, o: CallOptions): Promise<Volume | undefined> {
  return sweptRead("volume", {
    client, now: op.rt.now, list: (x) => client.listVolumes(undefined, x), idOf: (x) => x.volume_id, single: (id, x) => client.getVolume(id, x),
  }, volumeId, o);
}

/** currentVolume for refresh: many reads close together share one sweep. */
export async function refreshedVolume(op: Operation, client: EternusClient, volumeId: number, uid: string | undefined, o: CallOptions): Promise<Volume | undefined> {
  return isOurs(await sweptVolume(op, client, volumeId, o), uid);
}

export async function findByName(client: EternusClient, name: string, o?: CallOptions): Promise<Volume | undefined> {
  const all = await client.listVolumes({ name }, o);
  return all.find((v) => v.name === name);
}

/** sizeFrom's volume_id: declared, or resolved by check() from volumeName/volumeNumber. */
export function sizeFromId(s: { array: string; volumeId?: number }): number {
  if (typeof s.volumeId !== "number") throw new InvalidInputsError(`sizeFrom on "${s.array}": volumeId is not resolved yet`, [{ property: "sizeFrom.volumeId", reason: "not resolved" }]);
  return s.volumeId;
}

/** The sizeFrom of checked inputs without capacityMb (check() requires one of the two). */
export function sizeFromOf(n: { sizeFrom?: { array: string; volumeId?: number } }): { array: string; volumeId?: number } {
  if (!n.sizeFrom) throw new InvalidInputsError("neither capacityMb nor sizeFrom is set", [{ property: "capacityMb", reason: "one of capacityMb or sizeFrom is required" }]);
  return n.sizeFrom;
}

/** The business volume's capacity (sizeFrom); `read` chooses a single GET or a shared sweep. */
export async function sizeFromCapacity(op: Operation, s: { array: string; volumeId?: number }, o: CallOptions, read: "single" | "swept" = "single"): Promise<number> {
  const client = op.client(s.array);
  const src = read === "swept" ? await sweptVolume(op, client, sizeFromId(s), o) : await client.getVolume(sizeFromId(s), o);
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

/** The copy sessions using a volume (as sessionsUsing names them). */
export async function volumeUsers(client: EternusClient, volumeId: number, o: CallOptions): Promise<string[]> {
  return sessionsUsing(await client.getVolumeCopySessions(volumeId, o));
}
