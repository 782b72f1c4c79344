/**
 * /copysession [M:cs-*, M:rec-*]: list (all, or by ids), read, create REC, patch, suspend (one or several at
 * one instant), resume, reverse, delete.
 */
import { BackupType, JOB_FIELDS, enumEquals, idFromHref } from "../../api/dialect";
import * as copySessionsApi from "../../api/copy-sessions";
import type { CopySessionPatchField } from "../../api/copy-sessions";
import { EternusJobError } from "../errors";
import { resourceIds } from "../jobs";
import type { CallOptions, CopySession, CreateRecSessionRequest, MultiSuspendResult, VolumeCopySessions } from "../types";
import type { Calls } from "./calls";

/** Session ids per GET /copysession?copysession_id=... request (keeps the request line short: 413). */
const IDS_PER_LIST_REQUEST = 100;

export class CopySessionsEndpoint {
  constructor(private readonly calls: Calls) {}

  /** Every session, or only these ids (absent ones are simply missing; an empty list sends nothing). */
  async list(ids?: readonly number[], o?: CallOptions): Promise<CopySession[]> {
    const list = (q?: { copySessionIds: number[] }) => this.calls.list(copySessionsApi.listCopySessions(q), copySessionsApi.copySessionListPageSchema(), o);
    if (!ids) return list();
    const unique = [...new Set(ids)];
    const out: CopySession[] = [];
    for (let i = 0; i < unique.length; i += IDS_PER_LIST_REQUEST) out.push(...await list({ copySessionIds: unique.slice(i, i + IDS_PER_LIST_REQUEST) }));
    return out;
  }

  get(copySessionId: number, o?: CallOptions): Promise<CopySession | undefined> {
    return this.calls.getOrUndefined(copySessionsApi.getCopySession(copySessionId), copySessionsApi.copySessionSchema(), o);
  }

  ofVolume(volumeId: number, o?: CallOptions): Promise<VolumeCopySessions | undefined> {
    return this.calls.getOrUndefined(copySessionsApi.getVolumeCopySessions(volumeId), copySessionsApi.volumeCopySessionsSchema(), o);
  }

  /** Row 15's extras in the array's form (an array that refuses them gets the documented fields: the fallback). */
  async createRec(req: CreateRecSessionRequest, o?: CallOptions): Promise<number> {
    let r = copySessionsApi.createRecSession(req, this.calls.dialect.current);
    const job = await this.calls.mutateIn(["recCreate"], (d) => (r = copySessionsApi.createRecSession(req, d)), o);
    const id = job ? resourceIds(job, "copysession")[0] : undefined;
    if (id !== undefined) return id;
    // The job did not name the session: find it through the source volume (docs/rest-api.md#volume-copy-sessions).
    const vcs = await this.ofVolume(req.sourceVolumeId, o);
    const entry = vcs?.backup_volume_list.find((b) => enumEquals(b.backup_type, BackupType.RemoteMirror)
      && String(b.destination_boxid ?? "").toUpperCase() === req.destinationBoxId.toUpperCase()
      && idFromHref(b.volume_href) === req.destinationVolumeId);
    const found = idFromHref(entry?.copysession_href);
    if (found === undefined) throw this.calls.badResponse(r, 202, "the REC session was created but its id is in neither the job nor the source volume's sessions");
    return found;
  }

  async patch(copySessionId: number, field: CopySessionPatchField, value: string, o?: CallOptions): Promise<void> {
    await this.calls.mutate(copySessionsApi.patchCopySession(copySessionId, field, value), o);
  }

  async suspend(copySessionId: number, opts: { forced: boolean }, o?: CallOptions): Promise<void> {
    await this.calls.mutateIn(["forcedSuspend"], (d) => copySessionsApi.suspendCopySession(copySessionId, opts.forced, d), o);
  }

  /**
   * POST /copysession/suspend: several sessions of this array at one instant. A Partial_Error or Error job
   * answers per session (only the job's succeeded list counts as suspended); a lost response throws.
   */
  async suspendMany(copySessionIds: readonly number[], opts: { forced: boolean }, o?: CallOptions): Promise<MultiSuspendResult[]> {
    if (copySessionIds.length === 0) return [];
    try {
      await this.calls.mutateIn(["multiSuspend", "forcedSuspend"], (d) => copySessionsApi.suspendCopySessions(copySessionIds, opts.forced, d), o);
      return copySessionIds.map((id) => ({ copySessionId: id, accepted: true }));
    } catch (e) {
      if (!(e instanceof EternusJobError) || !e.job) throw e;
      const succeeded = new Set((e.job[JOB_FIELDS.succeededHrefs] as string[] | undefined ?? []).map((h) => idFromHref(h)));
      const failed = new Map(e.failedResources.map((f) => [idFromHref(f.resource_href), f]));
      return copySessionIds.map((id) => {
        if (succeeded.has(id)) return { copySessionId: id, accepted: true };
        const f = failed.get(id);
        return { copySessionId: id, accepted: false, errorCode: f?.error_code, message: f?.message ?? `not in the job's succeeded list (job ${e.jobStatus})` };
      });
    }
  }

  async resume(copySessionId: number, o?: CallOptions): Promise<void> {
    await this.calls.mutate(copySessionsApi.resumeCopySession(copySessionId), o);
  }

  async reverse(copySessionId: number, o?: CallOptions): Promise<void> {
    await this.calls.mutate(copySessionsApi.reverseCopySession(copySessionId), o);
  }

  /** 404 counts as done; a lost answer is read back (gone means done). */
  delete(copySessionId: number, opts: { forced: boolean }, o?: CallOptions): Promise<void> {
    return this.calls.deleteIdempotently(
      () => this.calls.mutateIn(["forcedDelete"], (d) => copySessionsApi.deleteCopySession(copySessionId, opts.forced, d), o),
      () => this.get(copySessionId, o));
  }
}
