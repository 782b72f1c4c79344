/**
 * JSON views of model records as the REST API shows them ([M:vol-get], [M:cs-get], [M:vol-cs],
 * [M:system]). One REC record has a view per array: ids, hrefs and is_local_source_volume are relative to
 * the array asked (docs/unverified-points.md#row-11-remote-destination-fields).
 */
import {
  BackupType, CopyRange, REC_SESSION_TYPE, copySessionHref, volumeHref,
} from "../../provider/api/dialect";
import { isoSeconds } from "./clock";
import { snapshot } from "./copy-session";
import { NO_SESSION_ERROR_CODE, SYSTEM_INFO } from "./sim-choices";
import { ArrayState, RecSession, VolumeRec } from "./types";
import { World } from "./world";

export function renderStorageSystem(a: ArrayState): Record<string, unknown> {
  return {
    storage_system_name: a.name,
    status: "Normal",
    model_name: SYSTEM_INFO.modelName,
    boxid: a.boxId,
    firmware_version: SYSTEM_INFO.firmwareVersion,
    is_remote_copy_available: a.remoteCopyAvailable,
    remote_copy_license_type: a.remoteCopyAvailable ? SYSTEM_INFO.remoteCopyLicenseType : "None",
  };
}

export function renderVolume(v: VolumeRec): Record<string, unknown> {
  return {
    volume_id: v.id,
    number: v.number,
    volume_href: volumeHref(v.id),
    name: v.name,
    status: "Normal",
    detail_status: "Available",
    type: v.type,
    allocated_resource_href: v.type === "TPV" ? `/api/v1/tpp/${v.poolId}` : `/api/v1/raidgroup/${v.poolId}`,
    capacity: v.capacityMb,
    usage: "Block",
    uid: v.uid,
    uid_mode: "Default",
    is_copy_protection_enabled: v.isCopyProtectionEnabled,
    is_thick_provisioned: v.type === "Standard",
  };
}

/** Every field a copy session view has, for `fields` validation. */
export const COPY_SESSION_FIELDS = [
  "copysession_id", "copysession_href", "type", "status", "source_volume_number", "source_volume_href",
  "source_volume_name", "destination_volume_number", "destination_volume_href", "destination_volume_name",
  "phase", "error_code", "copy_range", "concurrent_suspend_result", "remain_time_to_finish_suspend",
  "elapsed_time", "backup_time", "error_ocurrence_time", "total_data_size", "uncopied_data_size", "progress",
  "requestor", "tracking_data_size", "remote_copysession_id", "transfer_mode", "split_mode", "recovery_mode",
  "remote_boxid", "is_local_source_volume",
] as const;

/** A side's volume, as long as that array is the one the session was made with. */
function volumeOf(world: World, s: RecSession, arrayName: string, id: number): VolumeRec | undefined {
  return world.sessionVolume(s, arrayName, id);
}

/** backup_time and error_ocurrence_time (the manual's spelling), only once the event happened. */
function addEventTimes(out: Record<string, unknown>, s: RecSession): void {
  if (s.backupAt !== undefined) out.backup_time = isoSeconds(s.backupAt);
  if (s.errorAt !== undefined) out.error_ocurrence_time = isoSeconds(s.errorAt);
}

export function renderCopySession(world: World, arrayName: string, s: RecSession): Record<string, unknown> {
  const now = world.now();
  const snap = snapshot(s, now, world.settings.copyRateMbps);
  const localIsSource = s.srcArray === arrayName;
  const remoteName = localIsSource ? s.dstArray : s.srcArray;
  const src = volumeOf(world, s, s.srcArray, s.srcVolumeId);
  const dst = volumeOf(world, s, s.dstArray, s.dstVolumeId);
  const out: Record<string, unknown> = {
    copysession_id: s.views[arrayName],
    copysession_href: copySessionHref(s.views[arrayName]!),
    type: REC_SESSION_TYPE,
    status: snap.status,
    source_volume_number: src?.number ?? s.srcVolumeId % 100000,
    source_volume_href: volumeHref(s.srcVolumeId),
    source_volume_name: src?.name ?? "",
    destination_volume_number: dst?.number ?? s.dstVolumeId % 100000,
    destination_volume_href: volumeHref(s.dstVolumeId),
    destination_volume_name: dst?.name ?? "",
    phase: snap.phase,
    error_code: s.errorCode ?? NO_SESSION_ERROR_CODE,
    copy_range: CopyRange.Totally,
    elapsed_time: Math.floor((now - s.createdAt) / 1000),
    total_data_size: s.totalMb,
    uncopied_data_size: snap.uncopiedMb,
    progress: snap.progress,
    requestor: "REST",
    tracking_data_size: snap.trackingMb,
    transfer_mode: s.transferMode,
    split_mode: s.splitMode,
    recovery_mode: s.recoveryMode,
    remote_boxid: world.sessionBoxId(s, remoteName),
    is_local_source_volume: localIsSource,
  };
  const remoteId = s.views[remoteName];
  if (remoteId !== undefined) out.remote_copysession_id = remoteId;
  if (snap.concurrentSuspendResult) out.concurrent_suspend_result = snap.concurrentSuspendResult;
  if (snap.remainTimeToFinishSuspend !== undefined) out.remain_time_to_finish_suspend = snap.remainTimeToFinishSuspend;
  addEventTimes(out, s);
  return out;
}

/** GET /volume/{id}/copysession [M:vol-cs]: the session where it is a destination + backup_volume_list. */
export function renderVolumeCopySessions(world: World, array: ArrayState, v: VolumeRec): Record<string, unknown> {
  const now = world.now();
  const out: Record<string, unknown> = {
    volume_id: v.id, volume_number: v.number, volume_href: volumeHref(v.id), volume_name: v.name,
    is_copy_source_volume: false, is_copy_destination_volume: false,
  };
  const backups: Record<string, unknown>[] = [];
  const sessions = world.sessionsOfVolume(array.name, v.id).sort((a, b) => a.views[array.name]! - b.views[array.name]!);
  for (const s of sessions) {
    const snap = snapshot(s, now, world.settings.copyRateMbps);
    const localId = s.views[array.name]!;
    const remoteName = s.srcArray === array.name ? s.dstArray : s.srcArray;
    const remoteId = s.views[remoteName];
    if (s.srcArray === array.name && s.srcVolumeId === v.id) {
      out.is_copy_source_volume = true;
      const dst = volumeOf(world, s, s.dstArray, s.dstVolumeId);
      const b: Record<string, unknown> = {
        volume_number: dst?.number ?? s.dstVolumeId % 100000, volume_href: volumeHref(s.dstVolumeId), volume_name: dst?.name ?? "",
        backup_type: BackupType.RemoteMirror, destination_boxid: world.sessionBoxId(s, s.dstArray),
        copysession_href: copySessionHref(localId), status: snap.status, phase: snap.phase,
      };
      if (remoteId !== undefined) b.remote_copysession_id = remoteId;
      addEventTimes(b, s);
      backups.push(b);
    } else {
      out.is_copy_destination_volume = true;
      const src = volumeOf(world, s, s.srcArray, s.srcVolumeId);
      Object.assign(out, {
        backup_type: BackupType.RemoteMirror,
        source_volume_number: src?.number ?? s.srcVolumeId % 100000, source_volume_href: volumeHref(s.srcVolumeId),
        source_volume_name: src?.name ?? "", source_boxid: world.sessionBoxId(s, s.srcArray),
        copysession_href: copySessionHref(localId), status: snap.status, phase: snap.phase,
      });
      if (remoteId !== undefined) out.remote_copysession_id = remoteId;
      addEventTimes(out, s);
    }
  }
  out.backup_volume_list = backups;
  return out;
}
