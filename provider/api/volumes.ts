/**
 * Volumes [M:vol-list, M:vol-get, M:vol-create, M:vol-patch, M:vol-expand, M:vol-del, M:vol-del-multi].
 * Capacities in MB (docs/unverified-points.md#row-10-units).
 */
import { z } from "zod";
import { ApiRequest, ListQuery, QueryValue, apiPath, listQuery, seg, withQuery } from "./request";
import { zInt, zListPage, zNum, zRecord } from "./schema-kit";

export interface VolumeListQuery extends ListQuery {
  status?: string;
  startNumber?: number;
}

/** GET /volume (sorted by volume number). */
export function listVolumes(q?: VolumeListQuery): ApiRequest {
  const query: Record<string, QueryValue> = { ...listQuery(q), status: q?.status, start_number: q?.startNumber };
  return { method: "GET", path: withQuery(apiPath("/volume"), query), idempotent: true };
}

/** GET /volume/{volume_id}. */
export function getVolume(volumeId: number, q?: Pick<ListQuery, "fields">): ApiRequest {
  return { method: "GET", path: withQuery(apiPath(`/volume/${seg(volumeId)}`), listQuery(q)), idempotent: true };
}

export interface CreateVolumeParams {
  name: string;
  /** MB (docs/unverified-points.md#row-10-units); sent as `capacity`. */
  capacityMb: number;
  tppId?: number;
  raidGroupId?: number;
  count?: number;
  startNumber?: number;
  numberOfDigits?: number;
  isCopyProtectionEnabled?: boolean;
}

/** POST /volume: 202 with a job; the new href is in the job's resource_href_list. */
export function createVolume(p: CreateVolumeParams): ApiRequest {
  const body: Record<string, unknown> = { name: p.name, capacity: p.capacityMb };
  if (p.tppId !== undefined) body.tpp_id = p.tppId;
  if (p.raidGroupId !== undefined) body.raidgroup_id = p.raidGroupId;
  if (p.count !== undefined) body.count = p.count;
  if (p.startNumber !== undefined) body.start_number = p.startNumber;
  if (p.numberOfDigits !== undefined) body.number_of_digits = p.numberOfDigits;
  if (p.isCopyProtectionEnabled !== undefined) body.is_copy_protection_enabled = p.isCopyProtectionEnabled;
  return { method: "POST", path: apiPath("/volume"), body, idempotent: false };
}

/** PATCH /volume/{volume_id}: ONE setting per request [M:vol-patch], e.g. {new_name}. */
export function patchVolume(volumeId: number, field: string, value: unknown): ApiRequest {
  return { method: "PATCH", path: apiPath(`/volume/${seg(volumeId)}`), body: { [field]: value }, idempotent: false };
}
export function renameVolume(volumeId: number, newName: string): ApiRequest {
  return patchVolume(volumeId, "new_name", newName);
}

/** POST /volume/{volume_id}/expand with new_capacity (MB). */
export function expandVolume(volumeId: number, newCapacityMb: number): ApiRequest {
  return { method: "POST", path: apiPath(`/volume/${seg(volumeId)}/expand`), body: { new_capacity: newCapacityMb }, idempotent: false };
}

/** DELETE /volume/{volume_id}: 202 with a job. */
export function deleteVolume(volumeId: number): ApiRequest {
  return { method: "DELETE", path: apiPath(`/volume/${seg(volumeId)}`), idempotent: false };
}

/** DELETE /volume with {"volume_id_list": [...]}: all-or-nothing. */
export function deleteVolumes(volumeIds: number[]): ApiRequest {
  return { method: "DELETE", path: apiPath("/volume"), body: { volume_id_list: volumeIds }, idempotent: false };
}

export function volumeSchema() {
  return zRecord({
    volume_id: zInt(),
    number: zInt().optional(),
    volume_href: z.string().optional(),
    name: z.string(),
    status: z.string().optional(),
    type: z.string().optional(),
    allocated_resource_href: z.string().optional(),
    capacity: zNum(),
    uid: z.string().optional(),
  });
}
export type VolumeReply = z.output<ReturnType<typeof volumeSchema>>;

export const VOLUME_LIST_FIELD = "volume_list";
export function volumeListPageSchema() {
  return zListPage(VOLUME_LIST_FIELD, volumeSchema());
}
