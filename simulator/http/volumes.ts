/**
 * Volumes [M:vol-list, M:vol-get, M:vol-create, M:vol-patch, M:vol-expand, M:vol-del, M:vol-del-multi]
 * and GET /volume/{id}/copysession [M:vol-cs].
 */
import { z } from "zod";
import { volumeHref } from "../../provider/api/dialect";
import { BadRequest } from "../model/errors";
import { renderVolume, renderVolumeCopySessions } from "../model/views";
import { createVolumes, deleteVolumes, expandVolume, getVolume, renameVolume } from "../model/volumes";
import { VOLUME_ID_BASE } from "../model/sim-choices";
import { Ctx, Reply, acceptJob, intParam, ok, parseBody } from "./context";
import { checkQuery, intListParam, intQuery, listParam, narrow, paginate, parseFields, renderList } from "./query";

const VOLUME_FIELDS = Object.keys(renderVolume({
  id: 0, number: 0, name: "", type: "TPV", poolId: 0, capacityMb: 0, uid: "", isCopyProtectionEnabled: false, createdAt: 0,
}));

/** Sorted by volume number [M:vol-list]. Only the manual's query parameters: clients filter by name themselves. */
export function listVolumes(ctx: Ctx): Reply {
  const q = ctx.query;
  checkQuery(q, ["fields", "volume_id", "tpp_id", "status", "start_number", "max_records", "last_get_id"]);
  const fields = parseFields(q, VOLUME_FIELDS, "volume_list");
  const ids = intListParam(q, "volume_id");
  const tpps = intListParam(q, "tpp_id");
  const statuses = listParam(q, "status");
  const start = intQuery(q, "start_number", 0, Number.MAX_SAFE_INTEGER);
  const vols = [...ctx.array.volumes.values()]
    .filter((v) => (!ids || ids.includes(v.id)) && (!tpps || (v.type === "TPV" && tpps.includes(v.poolId)))
      && (!statuses || statuses.includes("Normal"))
      && (start === undefined || v.number >= start))
    .sort((a, b) => a.number - b.number);
  const page = paginate(vols, (v) => v.id, q, "/volume");
  return ok(renderList("volume_list", { ...page, items: page.items.map((v) => narrow(renderVolume(v), fields, "volume_id")) }));
}

export function getVolumeHandler(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["fields"]);
  const fields = parseFields(ctx.query, VOLUME_FIELDS);
  return ok(narrow(renderVolume(getVolume(ctx.array, intParam(ctx, "id"))), fields, "volume_id"));
}

const CreateBody = z.object({
  name: z.string(),
  capacity: z.number().int(),
  tpp_id: z.number().int().min(0).optional(),
  raidgroup_id: z.number().int().min(0).optional(),
  count: z.number().int().optional(),
  start_number: z.number().int().min(0).optional(),
  number_of_digits: z.number().int().min(1).max(10).optional(),
  is_copy_protection_enabled: z.boolean().optional(),
}).strict();

export function createVolumeHandler(ctx: Ctx): Reply {
  const b = parseBody(CreateBody, ctx);
  const vols = createVolumes(ctx.world, ctx.array, {
    name: b.name, capacityMb: b.capacity, tppId: b.tpp_id, raidGroupId: b.raidgroup_id, count: b.count,
    startNumber: b.start_number, numberOfDigits: b.number_of_digits, isCopyProtectionEnabled: b.is_copy_protection_enabled,
  });
  const pool = b.tpp_id !== undefined ? `-pool-name tpp#${b.tpp_id}` : `-rg-number ${b.raidgroup_id}`;
  return acceptJob(ctx, {
    resources: vols.map((v) => volumeHref(v.id)),
    operations: vols.map((v) => `create volume -name ${v.name} -type ${v.type === "TPV" ? "tpv" : "open"} ${pool} -size ${v.capacityMb}mb`),
  });
}

/** One setting per request [M:vol-patch]; the simulator models new_name only. */
const PatchBody = z.object({ new_name: z.string() }).strict();

export function patchVolume(ctx: Ctx): Reply {
  const id = intParam(ctx, "id");
  if (ctx.body && typeof ctx.body === "object" && Object.keys(ctx.body).length > 1) {
    throw new BadRequest("Specify one setting per request", Object.keys(ctx.body).join(","));
  }
  const b = parseBody(PatchBody, ctx);
  const v = renameVolume(ctx.array, id, b.new_name);
  return acceptJob(ctx, {
    resources: [volumeHref(v.id)], operations: [`set volume -volume-number ${v.number} -name ${v.name}`],
  });
}

const ExpandBody = z.object({ new_capacity: z.number().int() }).strict();

export function expandVolumeHandler(ctx: Ctx): Reply {
  const id = intParam(ctx, "id");
  const b = parseBody(ExpandBody, ctx);
  const v = expandVolume(ctx.world, ctx.array, id, b.new_capacity);
  return acceptJob(ctx, {
    resources: [volumeHref(v.id)], operations: [`expand volume -volume-number ${v.number} -size ${v.capacityMb}mb`],
  });
}

export function deleteVolumeHandler(ctx: Ctx): Reply {
  const vols = deleteVolumes(ctx.world, ctx.array, [intParam(ctx, "id")], "volume_id");
  return acceptJob(ctx, {
    resources: vols.map((v) => volumeHref(v.id)), operations: vols.map((v) => `delete volume -volume-number ${v.number}`),
  });
}

const DeleteManyBody = z.object({ volume_id_list: z.array(z.number().int().min(VOLUME_ID_BASE)).min(1).max(1024) }).strict();

export function deleteVolumesHandler(ctx: Ctx): Reply {
  const b = parseBody(DeleteManyBody, ctx);
  if (new Set(b.volume_id_list).size !== b.volume_id_list.length) throw new BadRequest("Duplicate volume id", "volume_id_list");
  const vols = deleteVolumes(ctx.world, ctx.array, b.volume_id_list, "volume_id_list");
  return acceptJob(ctx, {
    resources: vols.map((v) => volumeHref(v.id)),
    operations: [`delete volume -volume-number ${vols.map((v) => v.number).join(",")}`],
  });
}

export function getVolumeCopySessions(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["fields"]);
  const v = getVolume(ctx.array, intParam(ctx, "id"));
  const full = renderVolumeCopySessions(ctx.world, ctx.array, v);
  const allowed = [...Object.keys(full), "backup_type", "source_volume_number", "source_volume_href", "source_volume_name",
    "source_boxid", "copysession_href", "remote_copysession_id", "status", "phase", "backup_time", "error_ocurrence_time"];
  return ok(narrow(full, parseFields(ctx.query, allowed), "volume_id"));
}
