/** GET /storagesystem [M:system]. */
import { renderStorageSystem } from "../model/views";
import { Ctx, Reply, ok } from "./context";
import { checkQuery, narrow, parseFields } from "./query";

const FIELDS = ["storage_system_name", "status", "model_name", "boxid", "firmware_version", "is_remote_copy_available", "remote_copy_license_type"];

export function getStorageSystem(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["fields"]);
  const fields = parseFields(ctx.query, FIELDS);
  return ok(narrow(renderStorageSystem(ctx.array), fields, "boxid"));
}
