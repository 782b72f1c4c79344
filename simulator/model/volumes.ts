/**
 * Volumes [M:vol-create, M:vol-patch, M:vol-expand, M:vol-del, M:vol-del-multi]. TPV in a thin pool
 * (tpp_id) or Standard in a RAID group (raidgroup_id).
 * Not modelled: thin pool usage accounting, formatting, mapping, WSV/FTV/SDV types, migration/balancing.
 */
import { createHash } from "node:crypto";
import {
  CopyRange, TPV_CAPACITY_MAX_MB, VOLUME_CAPACITY_MAX_MB, VOLUME_CAPACITY_MIN_MB, VOLUME_DELETE_REMOVES_SESSIONS,
  volumeNameProblem,
} from "../../provider/api/dialect";
import { BadRequest, Conflict, CopyRangeTotally, InvalidState, NameExists, NotFound } from "./errors";
import { FIRST_VOLUME_NUMBER, MAX_VOLUMES_PER_ARRAY, MAX_VOLUMES_PER_CREATE, VOLUME_ID_BASE } from "./sim-choices";
import { rescheduleSessionPath } from "./copy-link";
import { ArrayState, VolumeRec } from "./types";
import { World, lowestFree } from "./world";

export interface CreateVolumeInput {
  name: string;
  capacityMb: number;
  tppId?: number;
  raidGroupId?: number;
  count?: number;
  startNumber?: number;
  numberOfDigits?: number;
  isCopyProtectionEnabled?: boolean;
}

export function getVolume(array: ArrayState, id: number, factor = "volume_id"): VolumeRec {
  const v = array.volumes.get(id);
  if (!v) throw new NotFound("The specified volume does not exist", factor);
  return v;
}

function nameTaken(array: ArrayState, name: string): boolean {
  for (const v of array.volumes.values()) if (v.name === name) return true;
  return false;
}

/** Names for count > 1: name + start_number.. padded to number_of_digits [M:vol-create]. */
export function volumeNames(i: CreateVolumeInput): string[] {
  const count = i.count ?? 1;
  if (count === 1 && i.startNumber === undefined && i.numberOfDigits === undefined) return [i.name];
  const start = i.startNumber ?? 0;
  const digits = i.numberOfDigits ?? 1;
  return Array.from({ length: count }, (_, k) => i.name + String(start + k).padStart(digits, "0"));
}

export function createVolumes(world: World, array: ArrayState, i: CreateVolumeInput): VolumeRec[] {
  if ((i.tppId === undefined) === (i.raidGroupId === undefined)) {
    throw new BadRequest("Specify exactly one of tpp_id and raidgroup_id", i.tppId === undefined ? "tpp_id" : "raidgroup_id");
  }
  const count = i.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_VOLUMES_PER_CREATE) {
    throw new BadRequest(`count must be 1..${MAX_VOLUMES_PER_CREATE}`, "count");
  }
  if (array.volumes.size + count > MAX_VOLUMES_PER_ARRAY) {
    throw new BadRequest(`An array holds at most ${MAX_VOLUMES_PER_ARRAY} volumes (MAX_VOLUMES_PER_ARRAY); ${array.volumes.size} exist`, "count");
  }
  const isTpv = i.tppId !== undefined;
  const max = isTpv ? Math.min(TPV_CAPACITY_MAX_MB, VOLUME_CAPACITY_MAX_MB) : VOLUME_CAPACITY_MAX_MB;
  if (!Number.isInteger(i.capacityMb) || i.capacityMb < VOLUME_CAPACITY_MIN_MB || i.capacityMb > max) {
    throw new BadRequest(`capacity must be ${VOLUME_CAPACITY_MIN_MB}..${max} MB`, "capacity");
  }
  const pool = isTpv ? array.tpps.find((p) => p.id === i.tppId) : array.raidGroups.find((p) => p.id === i.raidGroupId);
  if (!pool) throw new BadRequest("The specified pool does not exist", isTpv ? "tpp_id" : "raidgroup_id");
  const names = volumeNames(i);
  for (const n of names) {
    const problem = volumeNameProblem(n);
    if (problem) throw new BadRequest(`Volume name ${problem}`, "name");
    if (nameTaken(array, n)) throw new NameExists("A volume with the same name already exists", "name");
  }
  if (new Set(names).size !== names.length) throw new NameExists("Generated names collide", "name");
  if (!isTpv) {
    // Standard volumes are thick: they need free space in their RAID group.
    let used = 0;
    for (const v of array.volumes.values()) if (v.type === "Standard" && v.poolId === pool.id) used += v.capacityMb;
    if (used + i.capacityMb * count > pool.capacityMb) throw new Conflict("Not enough free space in the RAID group", "raidgroup_id");
  }
  const byNumber = new Set<number>();
  for (const v of array.volumes.values()) byNumber.add(v.number);
  const out: VolumeRec[] = [];
  for (const name of names) {
    const number = lowestFree(byNumber, FIRST_VOLUME_NUMBER);
    byNumber.add(number);
    const id = VOLUME_ID_BASE + number;
    const uid = createHash("md5").update(`${array.boxId}/${number}/${world.now()}/${world.random()}`).digest("hex");
    const v: VolumeRec = {
      id, number, name, type: isTpv ? "TPV" : "Standard", poolId: pool.id, capacityMb: i.capacityMb,
      uid: "600000e00d" + uid.slice(0, 22), isCopyProtectionEnabled: i.isCopyProtectionEnabled ?? false,
      createdAt: world.now(),
    };
    array.volumes.set(id, v);
    out.push(v);
  }
  return out;
}

/** [M:vol-patch]: one setting per request; only new_name is modelled. */
export function renameVolume(array: ArrayState, id: number, newName: string): VolumeRec {
  const v = getVolume(array, id);
  const problem = volumeNameProblem(newName);
  if (problem) throw new BadRequest(`Volume name ${problem}`, "new_name");
  if (v.name !== newName && nameTaken(array, newName)) throw new NameExists("A volume with the same name already exists", "new_name");
  v.name = newName;
  return v;
}

/** [M:vol-expand]: TPV only, larger only, refused while a copy session with range Totally exists. */
export function expandVolume(world: World, array: ArrayState, id: number, newCapacityMb: number): VolumeRec {
  const v = getVolume(array, id);
  if (v.type !== "TPV") throw new InvalidState("Only TPV volumes can be expanded", "volume_id");
  if (!Number.isInteger(newCapacityMb) || newCapacityMb < VOLUME_CAPACITY_MIN_MB || newCapacityMb > TPV_CAPACITY_MAX_MB) {
    throw new BadRequest(`new_capacity must be ${VOLUME_CAPACITY_MIN_MB}..${TPV_CAPACITY_MAX_MB} MB`, "new_capacity");
  }
  if (newCapacityMb <= v.capacityMb) throw new BadRequest("new_capacity must be larger than the current capacity", "new_capacity");
  // Every REC session copies the whole volume: copy range Totally [M:cs-get].
  if (world.sessionsOfVolume(array.name, id).length > 0) {
    throw new CopyRangeTotally(`The volume is in a copy session with copy range ${CopyRange.Totally}`, "volume_id");
  }
  v.capacityMb = newCapacityMb;
  return v;
}

/**
 * DELETE /volume/{id} and DELETE /volume: all-or-nothing [M:vol-del-multi]. A volume in REC sessions takes
 * them with it, on both arrays (docs/unverified-points.md#row-14-deleting-a-volume-in-a-session: [M:vol-del] "when removing the Copy Session and the
 * destination Volume together").
 */
export function deleteVolumes(world: World, array: ArrayState, ids: number[], factor: string): VolumeRec[] {
  if (!VOLUME_DELETE_REMOVES_SESSIONS) throw new Error("docs/unverified-points.md#row-14-deleting-a-volume-in-a-session changed: restore the 409 here");
  const vols = ids.map((id) => {
    const v = array.volumes.get(id);
    if (!v) throw factor === "volume_id" ? new NotFound("The specified volume does not exist", factor) : new BadRequest(`Volume ${id} does not exist`, factor);
    return v;
  });
  for (const v of vols) {
    for (const s of world.sessionsOfVolume(array.name, v.id)) {
      world.dropSession(s);
      rescheduleSessionPath(world, s); // its share goes to the others on the path
    }
    array.volumes.delete(v.id);
    array.content.delete(v.id);
  }
  return vols;
}
