/**
 * Jobs [M:jobmgmt, M:job-list, M:job-get]; DELETE /job form from the dialect (docs/unverified-points.md#row-7-job-deletion), result lists
 * (docs/unverified-points.md#row-8-job-result-lists).
 */
import { z } from "zod";
import { DEFAULT_DIALECT, DIALECT_TABLE, Dialect, JOB_FIELDS } from "./dialect";
import { ApiRequest, ListQuery, QueryValue, apiPath, listQuery, seg, withPart, withQuery } from "./request";
import { zInt, zList, zListPage, zRecord } from "./schema-kit";

/** GET /job/{job_id}: only the creating user sees it (another user's job answers 404). */
export function getJob(jobId: number): ApiRequest {
  return { method: "GET", path: apiPath(`/job/${seg(jobId)}`), idempotent: true };
}

/** GET /job: the current user's jobs. */
export function listJobs(q?: ListQuery & { status?: readonly string[] }): ApiRequest {
  const query: Record<string, QueryValue> = { ...listQuery(q), status: q?.status };
  return { method: "GET", path: withQuery(apiPath("/job"), query), idempotent: true };
}

/** DELETE /job in the array's form (docs/unverified-points.md#row-7-job-deletion); synchronous. A repeat answers 404, which means done. */
export function deleteJobs(jobIds: number[], dialect: Dialect = DEFAULT_DIALECT): ApiRequest {
  const req: ApiRequest = { method: "DELETE", path: apiPath("/job"), idempotent: true, label: "job-cleanup" };
  return withPart(req, DIALECT_TABLE.jobDelete.build(dialect.jobDelete, jobIds));
}

/** The 202 reply of an asynchronous request: {"job_id", "job_href"} [M:jobmgmt]. */
export function acceptedSchema() {
  return zRecord({ job_id: zInt(), job_href: z.string().optional() });
}
export type Accepted = z.output<ReturnType<typeof acceptedSchema>>;

export function failedResourceSchema() {
  return zRecord({
    resource_href: z.string().optional(),
    error_code: z.union([z.string(), z.number()]).transform(String).optional(),
    message: z.string().optional(),
  });
}
export type FailedResource = z.output<ReturnType<typeof failedResourceSchema>>;

export function jobSchema() {
  return zRecord({
    job_id: zInt(),
    job_href: z.string().optional(),
    description: z.string().optional(),
    status: z.string(),
    created_time: z.string().optional(),
    modified_time: z.string().optional(),
    [JOB_FIELDS.resourceHrefs]: zList(z.string()),
    [JOB_FIELDS.progressHrefs]: zList(z.string()),
    [JOB_FIELDS.succeededHrefs]: zList(z.string()),
    [JOB_FIELDS.failedInfo]: zList(failedResourceSchema()),
    [JOB_FIELDS.operations]: zList(z.unknown()),
  });
}
export type Job = z.output<ReturnType<typeof jobSchema>>;

export const JOB_LIST_FIELD = "job_list";
export function jobListPageSchema() {
  // Items of a list may be narrowed with `fields`; only job_id is required there.
  return zListPage(JOB_LIST_FIELD, jobListItemSchema());
}
/** An item of GET /job: narrowed lists carry only job_id for sure. */
export function jobListItemSchema() {
  return zRecord({ job_id: zInt(), status: z.string().optional() });
}
export type JobListItem = z.output<ReturnType<typeof jobListItemSchema>>;
