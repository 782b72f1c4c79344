/**
 * Copy sessions [M:rec-post, M:cs-list, M:cs-get, M:rec-patch, M:suspend, M:suspend-multi, M:resume,
 * M:reverse, M:cs-delete]. The open points (forced flag rows 1-2, multi-suspend list row 3, REC create extras
 * row 15, PATCH fields row 17) are read in THIS array's dialect (model/dialect-choice.ts): another form gets
 * a 400 naming the parameter, before anything is done.
 */
import { z } from "zod";
import {
  JobStatus, RecoveryMode, SplitMode, TransferMode, copySessionHref, volumeHref,
} from "../../provider/api/dialect";
import { simDialectOfArray } from "../model/dialect-choice";
import { BadRequest, SimError } from "../model/errors";
import {
  copySessionFor, createRec, deleteRec, patchRec, requireCopySession, resumeRec, reverseRec, suspendRec,
} from "../model/rec-operations";
import { COPY_SESSION_FIELDS, renderCopySession } from "../model/views";
import { Ctx, Reply, acceptJob, intParam, ok, parseBody } from "./context";
import { checkQuery, intListParam, narrow, paginate, parseFields, renderList } from "./query";

const modes = [TransferMode.Synchronous, TransferMode.Stack, TransferMode.Consistency] as const;
const splitModes = [SplitMode.Automatic, SplitMode.Manual] as const;
const recoveryModes = [RecoveryMode.Automatic, RecoveryMode.Manual] as const;

export function listCopySessions(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["fields", "copysession_id", "max_records", "last_get_id"]);
  const fields = parseFields(ctx.query, COPY_SESSION_FIELDS, "copysession_list");
  const ids = intListParam(ctx.query, "copysession_id");
  const all = [...ctx.array.copySessions.keys()].filter((id) => !ids || ids.includes(id)).sort((a, b) => a - b);
  const page = paginate(all, (id) => id, ctx.query, "/copysession");
  const items = page.items.map((id) => narrow(renderCopySession(ctx.world, ctx.array.name, ctx.world.sessionByView(ctx.array.name, id)!), fields, "copysession_id"));
  return ok(renderList("copysession_list", { ...page, items }));
}

export function getCopySession(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["fields"]);
  const fields = parseFields(ctx.query, COPY_SESSION_FIELDS);
  const s = requireCopySession(ctx.world, ctx.array, intParam(ctx, "id"));
  return ok(narrow(renderCopySession(ctx.world, ctx.array.name, s), fields, "copysession_id"));
}

const CreateBody = z.object({
  source_volume_id: z.number().int(),
  destination_volume_id: z.number().int(),
  source_boxid: z.string().length(40),
  destination_boxid: z.string().length(40),
  transfer_mode: z.enum(modes),
  split_mode: z.enum(splitModes).optional(),
  recovery_mode: z.enum(recoveryModes).optional(),
}).strict();

export function createRecHandler(ctx: Ctx): Reply {
  const b = parseBody(CreateBody, ctx);
  if (ctx.array.recCreateExtras === false || !simDialectOfArray(ctx.array).recCreateExtras) {
    if (b.split_mode !== undefined) throw new BadRequest("The parameter is invalid", "split_mode");
    if (b.recovery_mode !== undefined) throw new BadRequest("The parameter is invalid", "recovery_mode");
  }
  const s = createRec(ctx.world, ctx.array, {
    sourceVolumeId: b.source_volume_id, destinationVolumeId: b.destination_volume_id, sourceBoxId: b.source_boxid,
    destinationBoxId: b.destination_boxid, transferMode: b.transfer_mode, splitMode: b.split_mode, recoveryMode: b.recovery_mode,
  });
  const id = s.views[ctx.array.name]!;
  return acceptJob(ctx, {
    resources: [copySessionHref(id)],
    operations: [`start advanced-copy -type rec -source-volume-number ${b.source_volume_id} -destination-volume-number ${b.destination_volume_id} -remote-boxid ${b.destination_boxid} -transfer-mode ${b.transfer_mode.toLowerCase()}`],
  });
}

const PatchBody = z.object({
  transfer_mode: z.enum(modes).optional(),
  split_mode: z.enum(splitModes).optional(),
  recovery_mode: z.enum(recoveryModes).optional(),
}).strict();

export function patchCopySession(ctx: Ctx): Reply {
  const id = intParam(ctx, "id");
  const b = parseBody(PatchBody, ctx);
  const fields = Object.keys(b);
  if (fields.length > simDialectOfArray(ctx.array).patchMaxFields) throw new BadRequest("Too many parameters", fields[1]!);
  const s = copySessionFor(ctx.world, ctx.array, id, "patch", false);
  patchRec(ctx.world, s, b);
  return acceptJob(ctx, {
    resources: [copySessionHref(id)],
    operations: [`set advanced-copy-session -session-id ${id} ${Object.entries(b).map(([k, v]) => `-${k.replace("_", "-")} ${String(v).toLowerCase()}`).join(" ")}`],
  });
}

export function suspendCopySession(ctx: Ctx): Reply {
  const id = intParam(ctx, "id");
  const isForced = simDialectOfArray(ctx.array).forced("forcedSuspend", ctx);
  const s = copySessionFor(ctx.world, ctx.array, id, "suspend", isForced);
  suspendRec(ctx.world, s, isForced);
  const href = copySessionHref(id);
  return acceptJob(ctx, {
    resources: [href], progress: [href],
    operations: [`suspend advanced-copy-session -session-id ${id}${isForced ? " -force" : ""}`],
  });
}

/** Per-item results: Success, Partial_Error or Error with failed_resource_info_list (docs/unverified-points.md#row-8-job-result-lists). */
export function suspendManyCopySessions(ctx: Ctx): Reply {
  if (ctx.body === undefined) throw new BadRequest("A request body is required", "body");
  const { ids, forced: isForced } = simDialectOfArray(ctx.array).multiSuspend(ctx);
  const succeeded: string[] = [];
  const failed: Array<{ resource_href: string; error_code: string; message: string }> = [];
  const at = ctx.world.now(); // one instant for all: the copies freeze together [M:suspend-multi]
  for (const id of ids) {
    try {
      suspendRec(ctx.world, copySessionFor(ctx.world, ctx.array, id, "suspend", isForced), isForced, at);
      succeeded.push(copySessionHref(id));
    } catch (e) {
      if (!(e instanceof SimError)) throw e;
      failed.push({ resource_href: copySessionHref(id), error_code: e.errorCode, message: `${e.message} (${e.factor})` });
    }
  }
  const outcome = failed.length === 0 ? JobStatus.Success : succeeded.length === 0 ? JobStatus.Error : JobStatus.PartialError;
  return acceptJob(ctx, {
    outcome, resources: ids.map(copySessionHref), progress: succeeded, succeeded, failed,
    operations: succeeded.map((h) => `suspend advanced-copy-session -session-id ${h.split("/").pop()}${isForced ? " -force" : ""}`),
  });
}

function noBody(ctx: Ctx): void {
  parseBody(z.object({}).strict(), ctx, true);
}

export function resumeCopySession(ctx: Ctx): Reply {
  const id = intParam(ctx, "id");
  noBody(ctx);
  resumeRec(ctx.world, copySessionFor(ctx.world, ctx.array, id, "resume", false));
  return acceptJob(ctx, {
    resources: [copySessionHref(id)], operations: [`resume advanced-copy-session -session-id ${id}`],
  });
}

export function reverseCopySession(ctx: Ctx): Reply {
  const id = intParam(ctx, "id");
  noBody(ctx);
  const s = copySessionFor(ctx.world, ctx.array, id, "reverse", false);
  reverseRec(ctx.world, s);
  return acceptJob(ctx, {
    resources: [copySessionHref(id), volumeHref(s.srcVolumeId)],
    operations: [`reverse advanced-copy-session -session-id ${id}`],
  });
}

export function deleteCopySession(ctx: Ctx): Reply {
  const id = intParam(ctx, "id");
  const isForced = simDialectOfArray(ctx.array).forced("forcedDelete", ctx);
  deleteRec(ctx.world, ctx.array, copySessionFor(ctx.world, ctx.array, id, "delete", isForced), isForced);
  return acceptJob(ctx, {
    resources: [copySessionHref(id)],
    operations: [`stop advanced-copy-session -session-id ${id}${isForced ? " -force" : ""}`],
  });
}


