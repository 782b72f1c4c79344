/**
 * How the drill writes: one request, its job waited for, and the job record deleted right away in row 7's
 * form (the drill finds that form on the first record). For a row with alternative forms, `tryForms` sends
 * the candidates in DIALECT_TABLE order and takes the first one the array accepts; a 400 means the array
 * refused the request before doing anything (the manual's "Description (Factor)" names the parameter), so
 * only after a 400 is the next form sent. Every job id is recorded before it is waited for.
 */
import { DIALECT_TABLE, DialectPoint, Dialect, DEFAULT_DIALECT } from "../../api/dialect";
import * as jobsApi from "../../api/jobs";
import type { ApiRequest } from "../../api/request";
import type { EternusRestClient } from "../../client/eternus-client";
import { hasStatus, EternusApiError } from "../../client/errors";
import { DEFAULT_JOB_POLL_POLICY, waitForJob } from "../../client/jobs";
import type { Runtime } from "../../client/runtime";
import { arrayMessageOf } from "../observe";

export interface FormTrial<F> {
  form: F;
  /** What each refused form got, in order. */
  refused: string[];
  job: jobsApi.Job | undefined;
}

export interface SenderDeps {
  client: EternusRestClient;
  rt: Runtime;
  /** Called with each job id the array gives, before the job is waited for. */
  recordJob: (jobId: number) => void;
  /** Called when a job record is gone. */
  jobGone: (jobId: number) => void;
  signal?: AbortSignal;
}

/** Row 7's evidence, shared by the senders of both arrays. */
export interface JobDeleteFinding { form?: Dialect["jobDelete"]; refused: string[] }

function refusal(e: unknown): string | undefined {
  if (!hasStatus(e, 400)) return undefined;
  const err = e as EternusApiError;
  return `400${err.errorCode ? ` ${err.errorCode}` : ""} "${arrayMessageOf(err) ?? ""}"`;
}

export class DrillSender {
  constructor(private readonly d: SenderDeps, private readonly jobDelete: JobDeleteFinding) {}

  get client(): EternusRestClient {
    return this.d.client;
  }

  /** Send, wait for the job (if any), delete its record. Throws the array's error. */
  async mutate(req: ApiRequest): Promise<jobsApi.Job | undefined> {
    const res = await this.d.client.request(req, { signal: this.d.signal });
    const accepted = jobsApi.acceptedSchema().safeParse(res.data);
    if (!accepted.success) return undefined;
    const id = accepted.data.job_id;
    this.d.recordJob(id);
    return waitForJob(id, req, {
      arrayName: this.d.client.arrayName, runtime: this.d.rt, policy: DEFAULT_JOB_POLL_POLICY,
      send: (r, signal) => this.d.client.request(r, { signal }),
      releaseRecord: (jobId) => this.deleteJob(jobId),
    }, this.d.signal);
  }

  /** The candidates of `point` in order until one is accepted; throws when every one is refused. */
  async tryForms<K extends DialectPoint>(point: K, build: (form: Dialect[K]) => ApiRequest, first?: Dialect[K]): Promise<FormTrial<Dialect[K]>> {
    const forms = DIALECT_TABLE[point].forms as readonly unknown[] as readonly Dialect[K][];
    const order = first ? [first, ...forms.filter((f) => f !== first)] : [...forms];
    const refused: string[] = [];
    for (const form of order) {
      try {
        return { form, refused, job: await this.mutate(build(form)) };
      } catch (e) {
        const why = refusal(e);
        if (why === undefined) throw e; // not a refusal of the form: it may have taken effect, never re-send
        refused.push(`${form} -> ${why}`);
      }
    }
    throw new EternusApiError({
      arrayName: this.d.client.arrayName, method: "?", path: `(${point})`, status: 400, code: "ERR_BAD_REQUEST",
      arrayMessage: `every candidate form was refused: ${refused.join("; ")}`,
    });
  }

  /** Row 7: DELETE /job in the form found so far, else each candidate until one is accepted; 404 is done. */
  async deleteJob(jobId: number): Promise<void> {
    const forms = this.jobDelete.form ? [this.jobDelete.form] : [...DIALECT_TABLE.jobDelete.forms];
    for (const form of forms) {
      try {
        await this.d.client.request(jobsApi.deleteJobs([jobId], { ...DEFAULT_DIALECT, jobDelete: form }), { signal: this.d.signal });
        this.jobDelete.form = form;
        this.d.jobGone(jobId);
        return;
      } catch (e) {
        if (hasStatus(e, 404)) {
          this.d.jobGone(jobId);
          return;
        }
        const why = refusal(e);
        if (why === undefined || this.jobDelete.form) throw e;
        this.jobDelete.refused.push(`${form} -> ${why}`);
      }
    }
  }
}
