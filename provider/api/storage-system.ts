/** GET /storagesystem [M:system]: box id and remote copy license. */
import { z } from "zod";
import { ApiRequest, ListQuery, apiPath, listQuery, withQuery } from "./request";
import { zRecord } from "./schema-kit";

export function getStorageSystem(q?: Pick<ListQuery, "fields">): ApiRequest {
  return { method: "GET", path: withQuery(apiPath("/storagesystem"), listQuery(q)), idempotent: true };
}

export function storageSystemSchema() {
  return zRecord({
    boxid: z.string().min(1),
    storage_system_name: z.string().optional(),
    status: z.string().optional(),
    model_name: z.string().optional(),
    firmware_version: z.string().optional(),
    is_remote_copy_available: z.boolean().optional(),
    remote_copy_license_type: z.string().optional(),
  });
}
export type StorageSystemReply = z.output<ReturnType<typeof storageSystemSchema>>;
