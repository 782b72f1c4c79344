/**
 * The drill (docs/real-array.md section 3): scratch volumes and REC sessions under a unique prefix on the
 * first two arrays, every call the provider makes, and which form of each open point the array accepted.
 * Leftovers of earlier runs are removed first; everything this run created is removed at the end, also after
 * an error or Ctrl-C (the signal). A kill leaves the record (record.ts) for the next run.
 */
import { randomBytes } from "node:crypto";
import {
  DEFAULT_DIALECT, DIALECT_TABLE, Dialect, Phase, SessionStatus, TransferMode, SplitMode, enumEquals,
} from "../../api/dialect";
import * as copySessionsApi from "../../api/copy-sessions";
import { apiPath, withPart } from "../../api/request";
import * as volumesApi from "../../api/volumes";
import { EternusError, EternusTimeoutError, hasStatus } from "../../client/errors";
import { resourceIds } from "../../client/jobs";
import type { Runtime } from "../../client/runtime";
import type { CopySession } from "../../client/types";
import type { TranscriptWriter } from "../../trace/transcript";
import type { Connected } from "../connect";
import type { RowVerdict } from "../rows";
import { cleanRun, cleanupLeftovers, senderFor } from "./cleanup";
import { DrillHooks, DrillRequest, DrillStep, drillPlanText, drillProblem, volumeNames } from "./plan";
import { DrillRecord, DrillRun, emptyArrayRecord } from "./record";
import { DrillSender, JobDeleteFinding } from "./sender";

export { cleanupLeftovers };

const POLL_MS = 2_000;
/** How long the drill watches an idle Stack session for phase Equivalent (row 2); array time. */
const STACK_WATCH_MS = 120_000;
/** The initial copy of a small scratch volume; array time. */
const WAIT_MS = 30 * 60_000;

export interface DrillContext {
  request: DrillRequest;
  arrays: ReadonlyMap<string, Connected>;
  rt: Runtime;
  transcript: TranscriptWriter;
  recordFile: string;
  hooks?: DrillHooks;
  signal?: AbortSignal;
}

export interface DrillResult {
  lines: string[];
  /** Per array: the rows the drill settled. */
  rows: Record<string, RowVerdict[]>;
}

/** An error of a test hook: the drill stops as if killed (no cleanup). */
class Killed extends EternusError {}

export async function runDrill(ctx: DrillContext): Promise<DrillResult> {
  const names = [...ctx.arrays.keys()];
  const problem = drillProblem(ctx.request, names);
  if (problem) throw new EternusError(`drill refused: ${problem}`, "ERR_INVALID_INPUT");
  const lines = await cleanupLeftovers(ctx);
  const [srcName, dstName] = names as [string, string];
  const src = ctx.arrays.get(srcName)!;
  const dst = ctx.arrays.get(dstName)!;
  const runId = randomBytes(3).toString("hex");
  const prefix = `eternus-rec-probe-${runId}-`;
  const plan = drillPlanText(ctx.request, srcName, dstName, prefix);
  for (const l of plan) ctx.rt.log(l);
  lines.push(...plan);
  const rec = new DrillRecord(ctx.recordFile);
  const n = volumeNames(prefix);
  const init = (): DrillRun => ({
    runId, prefix, startedAt: new Date().toISOString(), forms: {},
    arrays: { [srcName]: { ...emptyArrayRecord(), volumeNames: [n.sa, n.sb] }, [dstName]: { ...emptyArrayRecord(), volumeNames: [n.da, n.db] } },
  });
  rec.update(runId, () => undefined, init);
  const run = rec.runs().find((r) => r.runId === runId)!;
  const jobDelete: JobDeleteFinding = { refused: [] };
  const s = senderFor(src, rec, run, ctx.rt, jobDelete, ctx.signal);
  const d = senderFor(dst, rec, run, ctx.rt, jobDelete, ctx.signal);
  const drill = new Drill(ctx, rec, runId, s, d, { srcName, dstName, n });
  let killed = false;
  try {
    await drill.steps(async (step) => {
      ctx.transcript.note(`drill step ${step}`);
      try {
        await ctx.hooks?.beforeStep?.(step);
      } catch (e) {
        killed = true;
        throw new Killed(`drill killed before ${step}: ${(e as Error).message}`, "ERR_INCOMPLETE");
      }
    });
  } finally {
    if (!killed) {
      const cleanup = { ...ctx, signal: undefined };
      const left = rec.runs().find((r) => r.runId === runId);
      if (left) lines.push(...await cleanRun(cleanup, rec, left));
    }
  }
  drill.sessionRowsOnSourceOnly();
  if (jobDelete.form) drill.settle(7, jobDelete.form === DIALECT_TABLE.jobDelete.forms[0] ? "consistent" : "contradicted",
    `DELETE /job accepted as ${jobDelete.form}${jobDelete.refused.length ? `; refused: ${jobDelete.refused.join("; ")}` : ""}`, jobDelete.form, "both");
  return { lines: [...lines, ...drill.notes], rows: drill.rows };
}

interface Names { srcName: string; dstName: string; n: ReturnType<typeof volumeNames> }

/** The steps, in the order the provider uses the calls. */
class Drill {
  readonly rows: Record<string, RowVerdict[]> = {};
  readonly notes: string[] = [];
  private readonly phases = new Set<string>();
  private readonly statuses = new Set<string>();

  constructor(private readonly ctx: DrillContext, private readonly rec: DrillRecord, private readonly runId: string,
    private readonly s: DrillSender, private readonly d: DrillSender, private readonly names: Names) {}

  /** A verdict for the source array (session operations go there) or both arrays. */
  settle(row: number, verdict: RowVerdict["verdict"], evidence: string, form?: string, on: "source" | "both" = "source"): void {
    const targets = on === "both" ? [this.names.srcName, this.names.dstName] : [this.names.srcName];
    for (const a of targets) {
      const list = (this.rows[a] ??= []).filter((r) => r.row !== row);
      list.push({ row, verdict, evidence: `drill: ${evidence}`, ...(form ? { form } : {}) });
      this.rows[a] = list;
    }
  }

  /** Session operations went to the source array only: say so on the destination's rows that need them. */
  sessionRowsOnSourceOnly(): void {
    const { srcName, dstName } = this.names;
    const rows = (this.rows[dstName] ??= []);
    for (const row of [1, 2, 3, 6, 15, 17, 18]) {
      if (rows.some((r) => r.row === row)) continue;
      rows.push({ row, verdict: "not-observable", evidence: `drill: session operations went to the source ${srcName}; run the drill with --array ${dstName} first to settle this array` });
    }
  }

  private remember(point: string, form: string): void {
    this.rec.update(this.runId, (r) => { r.forms[point] = form; });
  }

  private formVerdict<K extends keyof Dialect>(row: number, point: K, t: { form: Dialect[K]; refused: string[] }, what: string): void {
    this.remember(point, t.form);
    const isDefault = t.form === DIALECT_TABLE[point].forms[0];
    this.settle(row, isDefault ? "consistent" : "contradicted",
      `${what} accepted as ${t.form}${t.refused.length ? `; refused: ${t.refused.join("; ")}` : ""}`, t.form);
  }

  async steps(at: (step: DrillStep) => Promise<void>): Promise<void> {
    const { n } = this.names;
    const { pools, sizeMb } = this.ctx.request;
    await at("create-volumes");
    const sa = await this.createVolume(this.s, n.sa, pools[this.names.srcName]!, sizeMb);
    const sb = await this.createVolume(this.s, n.sb, pools[this.names.srcName]!, sizeMb);
    const da = await this.createVolume(this.d, n.da, pools[this.names.dstName]!, sizeMb);
    const db = await this.createVolume(this.d, n.db, pools[this.names.dstName]!, sizeMb);
    const cap = (await this.s.client.getVolume(sa))?.capacity;
    this.settle(10, cap === sizeMb ? "consistent" : "contradicted", `a ${sizeMb} MB volume reads capacity ${cap}`, undefined, "both");

    await at("create-sessions");
    const [srcBox, dstBox] = [(await this.s.client.getStorageSystem()).boxid, (await this.d.client.getStorageSystem()).boxid];
    const params = (from: number, to: number) => ({ sourceVolumeId: from, destinationVolumeId: to, sourceBoxId: srcBox, destinationBoxId: dstBox,
      transferMode: TransferMode.Synchronous, splitMode: SplitMode.Automatic, recoveryMode: "Automatic" });
    const created = await this.s.tryForms("recCreate", (f) => copySessionsApi.createRecSession(params(sa, da), { ...DEFAULT_DIALECT, recCreate: f }));
    this.formVerdict(15, "recCreate", created, "REC create");
    const a = await this.sessionId(created.job, sa);
    const b = await this.sessionId((await this.s.tryForms("recCreate", (f) => copySessionsApi.createRecSession(params(sb, db), { ...DEFAULT_DIALECT, recCreate: f }), "documented-only")).job, sb);

    await at("wait-equivalent");
    const first = await this.read(a);
    this.settle(11, first.remote_boxid?.toUpperCase() === dstBox.toUpperCase() && first.remote_copysession_id !== undefined ? "consistent" : "contradicted",
      `a new session reads remote_boxid ${first.remote_boxid ?? "(none)"}, remote_copysession_id ${first.remote_copysession_id ?? "(none)"}`);
    await this.waitFor([a, b], (x) => enumEquals(x.phase, Phase.Equivalent), "phase Equivalent");

    await at("suspend");
    const suspendJob = await this.s.mutate(copySessionsApi.suspendCopySession(a, false));
    const right = await this.read(a);
    await this.waitFor([a], (x) => enumEquals(x.status, SessionStatus.Suspend), "status Suspend");
    const after = await this.read(a);
    this.settle(6, "consistent", `job ${suspendJob?.status ?? "(no job)"}; right after: status ${right.status}, concurrent_suspend_result ${right.concurrent_suspend_result ?? "(none)"}; ` +
      `once suspended: status ${after.status}, concurrent_suspend_result ${after.concurrent_suspend_result ?? "(none)"}`);

    await at("patch-modes");
    for (const mode of [TransferMode.Consistency, TransferMode.Stack]) await this.s.mutate(copySessionsApi.patchCopySession(a, "transfer_mode", mode));
    await this.patchBack(a);

    await at("reverse");
    await this.s.mutate(copySessionsApi.reverseCopySession(a));
    const reversed = await this.read(a);
    await this.s.mutate(copySessionsApi.reverseCopySession(a));
    const back = await this.read(a);
    this.settle(18, "consistent", `suspend, PATCH, reverse and resume accepted on the creating array ${this.names.srcName}; after reverse is_local_source_volume ${reversed.is_local_source_volume}, after reverse back ${back.is_local_source_volume}`);

    await at("resume");
    await this.s.mutate(copySessionsApi.resumeCopySession(a));
    await this.waitFor([a], (x) => enumEquals(x.phase, Phase.Equivalent) && enumEquals(x.status, SessionStatus.Active), "Active and Equivalent again");

    await at("forced-suspend");
    const forced = await this.s.tryForms("forcedSuspend", (f) => copySessionsApi.suspendCopySession(a, true, { ...DEFAULT_DIALECT, forcedSuspend: f }));
    this.formVerdict(2, "forcedSuspend", forced, "forced suspend (of an Equivalent session: a flag the array ignored would look the same)");
    await this.waitFor([a], (x) => enumEquals(x.status, SessionStatus.Suspend), "status Suspend");
    await this.s.mutate(copySessionsApi.resumeCopySession(a));
    await this.waitFor([a], (x) => enumEquals(x.phase, Phase.Equivalent) && enumEquals(x.status, SessionStatus.Active), "Active and Equivalent again");

    await at("multi-suspend");
    const multi = await this.s.tryForms("multiSuspend", (f) => withPart({ method: "POST", path: apiPath("/copysession/suspend"), idempotent: false },
      DIALECT_TABLE.multiSuspend.build(f, [a, b])));
    this.formVerdict(3, "multiSuspend", multi, "multi-suspend of two sessions");
    const mj = multi.job;
    this.settle(8, mj ? "consistent" : "contradicted", mj
      ? `the multi-suspend job parsed: resource_href_list ${mj.resource_href_list.length}, progress_href_list ${mj.progress_href_list.length}, succeeded_resource_href_list ${mj.succeeded_resource_href_list.length}, failed_resource_info_list ${mj.failed_resource_info_list.length}`
      : "the multi-suspend answered without a job", undefined, "source");
    await this.waitFor([a, b], (x) => enumEquals(x.status, SessionStatus.Suspend), "both suspended");
    this.settle(4, [...this.phases].every((p) => (Object.values(Phase) as string[]).includes(p)) ? "consistent" : "contradicted", `phases seen: ${[...this.phases].join(", ")}`, undefined, "both");
    this.settle(5, [...this.statuses].every((p) => (Object.values(SessionStatus) as string[]).includes(p)) ? "consistent" : "contradicted", `statuses seen: ${[...this.statuses].join(", ")}`, undefined, "both");

    await at("stack-idle");
    await this.stackIdle(b, forced.form);

    await at("forced-delete");
    const del = await this.s.tryForms("forcedDelete", (f) => copySessionsApi.deleteCopySession(a, true, { ...DEFAULT_DIALECT, forcedDelete: f }));
    this.formVerdict(1, "forcedDelete", del, "forced delete (of a suspended session: a flag the array ignored would look the same)");
    await this.s.mutate(copySessionsApi.deleteCopySession(b, true, { ...DEFAULT_DIALECT, forcedDelete: del.form }));
    await this.waitGone([a, b]);

    await at("delete-volumes");
    for (const [sender, id] of [[this.s, sa], [this.s, sb], [this.d, da], [this.d, db]] as const) await sender.mutate(volumesApi.deleteVolume(id));
    await at("done");
  }

  /**
   * Row 2's open question (docs/unverified-points.md#row-2-forced-suspend): does an idle Stack session ever
   * read Equivalent, and does the array refuse a forced suspend of one that does not? Session `id` is
   * suspended; it is switched to Stack, resumed, watched for STACK_WATCH_MS, then suspended (normally when
   * Equivalent, else forced). Evidence only: the forced delete that follows removes it in any state.
   */
  private async stackIdle(id: number, forcedForm: Dialect["forcedSuspend"]): Promise<void> {
    await this.s.mutate(copySessionsApi.patchCopySession(id, "transfer_mode", TransferMode.Stack));
    await this.s.mutate(copySessionsApi.resumeCopySession(id));
    const until = this.ctx.rt.now() + STACK_WATCH_MS;
    let x = await this.read(id);
    while (!enumEquals(x.phase, Phase.Equivalent) && this.ctx.rt.now() < until) {
      await this.ctx.rt.sleep(POLL_MS, this.ctx.signal);
      x = await this.read(id);
    }
    const equivalent = enumEquals(x.phase, Phase.Equivalent);
    let answer: string;
    try {
      await this.s.mutate(copySessionsApi.suspendCopySession(id, !equivalent, { ...DEFAULT_DIALECT, forcedSuspend: forcedForm }));
      answer = "accepted";
    } catch (e) {
      if (!(e instanceof EternusError) || !("status" in e) || !(Number((e as { status: unknown }).status) >= 400)) throw e;
      answer = `refused: ${e.message}`;
    }
    const note = `Stack: an idle Stack session read phase ${x.phase ?? "(none)"} after ${STACK_WATCH_MS / 1000} s; ` +
      `a ${equivalent ? "normal" : "forced"} suspend of it was ${answer}`;
    this.notes.push(`drill: ${note}`);
    for (const r of this.rows[this.names.srcName] ?? []) if (r.row === 2) r.evidence += `; ${note}`;
  }

  /** Row 17: back to Synchronous with split_mode in the same PATCH; one field per request when refused. */
  private async patchBack(id: number): Promise<void> {
    const combined = { ...copySessionsApi.patchCopySession(id, "transfer_mode", TransferMode.Synchronous) };
    combined.body = { transfer_mode: TransferMode.Synchronous, split_mode: SplitMode.Automatic };
    try {
      await this.s.mutate(combined);
      this.settle(17, "consistent", "one field per PATCH accepted (Consistency, Stack); a combined transfer_mode + split_mode PATCH accepted too", DIALECT_TABLE.patchFields.forms[0]);
    } catch (e) {
      if (!hasStatus(e, 400)) throw e;
      await this.s.mutate(copySessionsApi.patchCopySession(id, "transfer_mode", TransferMode.Synchronous));
      this.settle(17, "consistent", `one field per PATCH accepted; a combined PATCH refused (${(e as Error).message})`, DIALECT_TABLE.patchFields.forms[0]);
    }
  }

  private async createVolume(sender: DrillSender, name: string, tppId: number, capacityMb: number): Promise<number> {
    const job = await sender.mutate(volumesApi.createVolume({ name, capacityMb, tppId }));
    const id = (job ? resourceIds(job, "volume")[0] : undefined) ?? (await sender.client.listVolumes({ name }))[0]?.volume_id;
    if (id === undefined) throw new EternusError(`drill: volume ${name} was created but cannot be found`, "ERR_INCOMPLETE");
    this.rec.update(this.runId, (r) => { r.arrays[sender.client.arrayName]!.volumeIds.push(id); });
    return id;
  }

  private async sessionId(job: { resource_href_list: string[] } | undefined, sourceVolume: number): Promise<number> {
    let id = job ? resourceIds(job as Parameters<typeof resourceIds>[0], "copysession")[0] : undefined;
    if (id === undefined) {
      const vcs = await this.s.client.getVolumeCopySessions(sourceVolume);
      id = vcs?.backup_volume_list.map((x) => Number(/\/(\d+)$/.exec(x.copysession_href ?? "")?.[1])).find((x) => Number.isFinite(x));
    }
    if (id === undefined) throw new EternusError("drill: the REC session was created but its id cannot be found", "ERR_INCOMPLETE");
    this.rec.update(this.runId, (r) => { r.arrays[this.names.srcName]!.sessionIds.push(id!); });
    return id;
  }

  private async read(id: number): Promise<CopySession> {
    const x = await this.s.client.getCopySession(id, { signal: this.ctx.signal });
    if (!x) throw new EternusError(`drill: copy session ${id} disappeared`, "ERR_GONE");
    if (x.phase) this.phases.add(x.phase);
    if (x.status) this.statuses.add(x.status);
    return x;
  }

  private async waitFor(ids: number[], done: (x: CopySession) => boolean, what: string): Promise<void> {
    const until = this.ctx.rt.now() + WAIT_MS;
    for (;;) {
      const all = await Promise.all(ids.map((id) => this.read(id)));
      if (all.every(done)) return;
      if (this.ctx.rt.now() >= until) throw new EternusTimeoutError(`drill: sessions ${ids.join(", ")} reaching ${what}`, WAIT_MS, all.map((x) => `${x.copysession_id} ${x.status}/${x.phase}`).join(", "), String);
      await this.ctx.rt.sleep(POLL_MS, this.ctx.signal);
    }
  }

  private async waitGone(ids: number[]): Promise<void> {
    const until = this.ctx.rt.now() + WAIT_MS;
    while ((await this.s.client.listCopySessions(ids, { signal: this.ctx.signal })).length) {
      if (this.ctx.rt.now() >= until) throw new EternusTimeoutError(`drill: sessions ${ids.join(", ")} to go after their delete`, WAIT_MS, undefined);
      await this.ctx.rt.sleep(POLL_MS, this.ctx.signal);
    }
  }
}
