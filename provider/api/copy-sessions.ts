/**
 * REC copy sessions [M:rec-post, M:cs-list, M:cs-get, M:vol-cs, M:rec-patch, M:suspend, M:resume, M:reverse,
 * M:cs-delete]. Forced flags, the multi-suspend list (docs/unverified-points.md#row-3-multi-suspend-body), REC
 * create extras and PATCH order come from the dialect (docs/unverified-points.md, rows 1-3, 15 and 17).
 */
import { z } from "zod";
import { DEFAULT_DIALECT, DIALECT_TABLE, Dialect, LIST_QUERY, PATCH_FIELD_ORDER } from "./dialect";
import { ApiRequest, ListQuery, apiPath, listQuery, seg, withPart, withQuery } from "./request";
import { zInt, zList, zListPage, zNum, zRecord } from "./schema-kit";

export interface CreateRecSessionParams {
  sourceVolumeId: number;
  destinationVolumeId: number;
  sourceBoxId: string;
  destinationBoxId: string;
  transferMode: string;
  splitMode?: string;
  recoveryMode?: string;
}

/**
 * POST /copysession/rec on the source array. Row 15: by default split_mode (Synchronous only) and
 * recovery_mode are also sent, defaults Automatic/Automatic; the array's dialect may pin the documented
 * fields only.
 */
export function createRecSession(p: CreateRecSessionParams, dialect: Dialect = DEFAULT_DIALECT): ApiRequest {
  const body: Record<string, unknown> = {
    source_volume_id: p.sourceVolumeId,
    destination_volume_id: p.destinationVolumeId,
    source_boxid: p.sourceBoxId,
    destination_boxid: p.destinationBoxId,
    transfer_mode: p.transferMode,
  };
  const req: ApiRequest = { method: "POST", path: apiPath("/copysession/rec"), body, idempotent: false };
  return withPart(req, DIALECT_TABLE.recCreate.build(dialect.recCreate, p));
}

/** GET /copysession (docs/unverified-points.md#row-12-copy-session-list-query: fields, copysession_id, max_records, last_get_id); ids comma-separated. */
export function listCopySessions(q?: ListQuery & { copySessionIds?: readonly number[] }): ApiRequest {
  return { method: "GET", path: withQuery(apiPath("/copysession"), { ...listQuery(q), [LIST_QUERY.copySessionIds]: q?.copySessionIds }), idempotent: true };
}

/** GET /copysession/{id}. */
export function getCopySession(copySessionId: number, q?: Pick<ListQuery, "fields">): ApiRequest {
  return { method: "GET", path: withQuery(apiPath(`/copysession/${seg(copySessionId)}`), listQuery(q)), idempotent: true };
}

/** GET /volume/{volume_id}/copysession. */
export function getVolumeCopySessions(volumeId: number): ApiRequest {
  return { method: "GET", path: apiPath(`/volume/${seg(volumeId)}/copysession`), idempotent: true };
}

export type CopySessionPatchField = (typeof PATCH_FIELD_ORDER)[number];

/** PATCH /copysession/{id}: one field per request (docs/unverified-points.md#row-17-one-field-per-patch). Suspend first [M:rec-patch]. */
export function patchCopySession(copySessionId: number, field: CopySessionPatchField, value: string): ApiRequest {
  return { method: "PATCH", path: apiPath(`/copysession/${seg(copySessionId)}`), body: { [field]: value }, idempotent: false };
}

/** POST /copysession/{id}/suspend; forced in the array's form (docs/unverified-points.md#row-2-forced-suspend). */
export function suspendCopySession(copySessionId: number, forced: boolean, dialect: Dialect = DEFAULT_DIALECT): ApiRequest {
  const req: ApiRequest = { method: "POST", path: apiPath(`/copysession/${seg(copySessionId)}/suspend`), idempotent: false };
  return withPart(req, DIALECT_TABLE.forcedSuspend.build(dialect.forcedSuspend, forced));
}

/**
 * POST /copysession/suspend: several sessions of one array at one instant [M:suspend-multi]; the list in the
 * array's form (docs/unverified-points.md#row-3-multi-suspend-body), forced as for one session (row 2).
 */
export function suspendCopySessions(copySessionIds: readonly number[], forced: boolean, dialect: Dialect = DEFAULT_DIALECT): ApiRequest {
  const req: ApiRequest = { method: "POST", path: apiPath("/copysession/suspend"), idempotent: false };
  return withPart(withPart(req, DIALECT_TABLE.multiSuspend.build(dialect.multiSuspend, copySessionIds)), DIALECT_TABLE.forcedSuspend.build(dialect.forcedSuspend, forced));
}

/** POST /copysession/{id}/resume: no body. */
export function resumeCopySession(copySessionId: number): ApiRequest {
  return { method: "POST", path: apiPath(`/copysession/${seg(copySessionId)}/resume`), idempotent: false };
}

/** POST /copysession/{id}/reverse: no body. Suspend first. */
export function reverseCopySession(copySessionId: number): ApiRequest {
  return { method: "POST", path: apiPath(`/copysession/${seg(copySessionId)}/reverse`), idempotent: false };
}

/** DELETE /copysession/{id}; forced in the array's form (docs/unverified-points.md#row-1-forced-delete). */
export function deleteCopySession(copySessionId: number, forced: boolean, dialect: Dialect = DEFAULT_DIALECT): ApiRequest {
  const req: ApiRequest = { method: "DELETE", path: apiPath(`/copysession/${seg(copySessionId)}`), idempotent: false };
  return withPart(req, DIALECT_TABLE.forcedDelete.build(dialect.forcedDelete, forced));
}

export function copySessionSchema() {
  return zRecord({
    copysession_id: zInt(),
    copysession_href: z.string().optional(),
    type: z.string().optional(),
    status: z.string().optional(),
    phase: z.string().optional(),
    source_volume_number: zInt().optional(),
    source_volume_href: z.string().optional(),
    source_volume_name: z.string().optional(),
    destination_volume_number: zInt().optional(),
    destination_volume_href: z.string().optional(),
    destination_volume_name: z.string().optional(),
    error_code: z.union([z.string(), z.number()]).transform(String).optional(),
    copy_range: z.string().optional(),
    requestor: z.string().optional(),
    concurrent_suspend_result: z.string().optional(),
    remain_time_to_finish_suspend: zNum().optional(),
    elapsed_time: zNum().optional(),
    total_data_size: zNum().optional(),
    uncopied_data_size: zNum().optional(),
    tracking_data_size: zNum().optional(),
    progress: zNum().optional(),
    remote_copysession_id: zInt().optional(),
    remote_boxid: z.string().optional(),
    is_local_source_volume: z.boolean().optional(),
    transfer_mode: z.string().optional(),
    split_mode: z.string().optional(),
    recovery_mode: z.string().optional(),
  });
}
export type CopySessionReply = z.output<ReturnType<typeof copySessionSchema>>;

export const COPY_SESSION_LIST_FIELD = "copysession_list";
export function copySessionListPageSchema() {
  return zListPage(COPY_SESSION_LIST_FIELD, copySessionSchema());
}

export function backupVolumeSchema() {
  return zRecord({
    volume_href: z.string().optional(),
    backup_type: z.string().optional(),
    destination_boxid: z.string().optional(),
    copysession_href: z.string().optional(),
    remote_copysession_id: zInt().optional(),
    status: z.string().optional(),
    phase: z.string().optional(),
  });
}

export function volumeCopySessionsSchema() {
  return zRecord({
    is_copy_source_volume: z.boolean().optional(),
    is_copy_destination_volume: z.boolean().optional(),
    copysession_href: z.string().optional(),
    source_boxid: z.string().optional(),
    source_volume_href: z.string().optional(),
    status: z.string().optional(),
    phase: z.string().optional(),
    backup_type: z.string().optional(),
    backup_volume_list: zList(backupVolumeSchema()),
  });
}
export type VolumeCopySessionsReply = z.output<ReturnType<typeof volumeCopySessionsSchema>>;
