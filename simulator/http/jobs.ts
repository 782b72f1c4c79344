/**
 * GET /job, GET /job/{id}, DELETE /job [M:job-list, M:job-get, M:jobmgmt]; DELETE /job per
 * docs/unverified-points.md#row-7-job-deletion, in this array's dialect (model/dialect-choice.ts).
 */
import { JOB_DELETE_STATUS } from "../../provider/api/dialect";
import { simDialectOfArray } from "../model/dialect-choice";
import { deleteJobs, getJob, jobStatus, listJobs, renderJob } from "../model/jobs";
import { Ctx, Reply, intParam, ok } from "./context";
import { checkQuery, intListParam, listParam, narrow, paginate, parseFields, renderList } from "./query";

const JOB_FIELDS = [
  "job_id", "job_href", "description", "status", "created_time", "modified_time", "resource_href_list",
  "operation_list", "progress_href_list", "succeeded_resource_href_list", "failed_resource_info_list",
];

export function listJobsHandler(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["fields", "job_id", "status", "max_records", "last_get_id"]);
  const fields = parseFields(ctx.query, JOB_FIELDS, "job_list");
  const now = ctx.world.now();
  const ids = intListParam(ctx.query, "job_id");
  const statuses = listParam(ctx.query, "status");
  let jobs = listJobs(ctx.array, ctx.auth.user, now);
  if (ids) jobs = jobs.filter((j) => ids.includes(j.id));
  if (statuses) jobs = jobs.filter((j) => statuses.includes(jobStatus(j, now)));
  const page = paginate(jobs, (j) => j.id, ctx.query, "/job");
  return ok(renderList("job_list", { ...page, items: page.items.map((j) => narrow(renderJob(j, now), fields, "job_id")) }));
}

export function getJobHandler(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["fields"]);
  const fields = parseFields(ctx.query, JOB_FIELDS);
  const now = ctx.world.now();
  return ok(narrow(renderJob(getJob(ctx.array, ctx.auth.user, intParam(ctx, "id"), now), now), fields, "job_id"));
}

/** Synchronous (docs/unverified-points.md#row-7-job-deletion): 200, no job. */
export function deleteJobsHandler(ctx: Ctx): Reply {
  deleteJobs(ctx.array, ctx.auth.user, simDialectOfArray(ctx.array).jobDeleteIds(ctx), ctx.world.now());
  return { status: JOB_DELETE_STATUS, body: {} };
}
