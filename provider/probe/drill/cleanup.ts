/**
 * Removing what a drill run created, by its record (record.ts): on each array, the volumes whose name starts
 * with the run's unique prefix, the copy sessions of those volumes (forced delete in the form the run found,
 * else each candidate), then the volumes, then the run's job records. Never anything else: a recorded id
 * whose volume no longer carries the prefix was reused by someone else and is left alone.
 */
import { DEFAULT_DIALECT, Dialect, idFromHref } from "../../api/dialect";
import * as copySessionsApi from "../../api/copy-sessions";
import * as volumesApi from "../../api/volumes";
import { hasStatus } from "../../client/errors";
import type { Runtime } from "../../client/runtime";
import type { TranscriptWriter } from "../../trace/transcript";
import type { Connected } from "../connect";
import { DrillRecord, DrillRun } from "./record";
import { DrillSender, JobDeleteFinding } from "./sender";

/** How long cleanup waits for a deleted session to go before deleting its volumes (array time). */
const SESSION_GONE_MS = 120_000;
const POLL_MS = 1_000;

export interface CleanupContext {
  recordFile: string;
  arrays: ReadonlyMap<string, Connected>;
  rt: Runtime;
  transcript: TranscriptWriter;
  signal?: AbortSignal;
}

export function senderFor(c: Connected, rec: DrillRecord, run: DrillRun, rt: Runtime, jobDelete: JobDeleteFinding, signal?: AbortSignal): DrillSender {
  const name = c.client.arrayName;
  return new DrillSender({
    client: c.client, rt, signal,
    recordJob: (id) => rec.update(run.runId, (r) => { r.arrays[name]?.jobIds.push(id); }),
    jobGone: (id) => rec.update(run.runId, (r) => {
      const a = r.arrays[name];
      if (a) a.jobIds = a.jobIds.filter((j) => j !== id);
    }),
  }, jobDelete);
}

/** Clean one run on every array it names. Returns report lines; removes the run from the record when done. */
export async function cleanRun(ctx: CleanupContext, rec: DrillRecord, run: DrillRun): Promise<string[]> {
  const lines: string[] = [];
  let complete = true;
  const jobDelete: JobDeleteFinding = { form: run.forms.jobDelete as Dialect["jobDelete"] | undefined, refused: [] };
  const names = Object.keys(run.arrays);
  // Sessions first, on every array (a session spans both), then volumes.
  const senders = new Map<string, DrillSender>();
  for (const name of names) {
    const c = ctx.arrays.get(name);
    if (!c) {
      lines.push(`cleanup ${run.prefix}*: array ${name} is not among the probed arrays; run again with --array ${name}`);
      complete = false;
      continue;
    }
    senders.set(name, senderFor(c, rec, run, ctx.rt, jobDelete, ctx.signal));
  }
  const ours = new Map<string, number[]>();
  for (const [name, s] of senders) {
    const vols = (await s.client.listVolumes(undefined, { signal: ctx.signal })).filter((v) => v.name.startsWith(run.prefix));
    ours.set(name, vols.map((v) => v.volume_id));
  }
  for (const [name, s] of senders) {
    const ids = new Set(ours.get(name));
    const sessions = (await s.client.listCopySessions({ signal: ctx.signal }))
      .filter((x) => ids.has(idFromHref(x.source_volume_href) ?? -1) || ids.has(idFromHref(x.destination_volume_href) ?? -1));
    for (const x of sessions) {
      const first = run.forms.forcedDelete as Dialect["forcedDelete"] | undefined;
      try {
        await s.tryForms("forcedDelete", (f) => copySessionsApi.deleteCopySession(x.copysession_id, true, { ...DEFAULT_DIALECT, forcedDelete: f }), first);
        lines.push(`cleanup: deleted copy session ${x.copysession_id} on ${name}`);
      } catch (e) {
        if (!hasStatus(e, 404)) {
          complete = false;
          lines.push(`cleanup: copy session ${x.copysession_id} on ${name} NOT deleted: ${(e as Error).message}`);
        }
      }
    }
  }
  for (const [name, s] of senders) {
    const ids = new Set(ours.get(name));
    await waitNoSessions(ctx, s, ids);
    for (const id of ids) {
      try {
        await s.mutate(volumesApi.deleteVolume(id));
        lines.push(`cleanup: deleted volume ${id} on ${name}`);
      } catch (e) {
        if (hasStatus(e, 404)) continue;
        complete = false;
        lines.push(`cleanup: volume ${id} on ${name} NOT deleted: ${(e as Error).message}`);
      }
    }
    for (const jobId of [...(rec.runs().find((r) => r.runId === run.runId)?.arrays[name]?.jobIds ?? [])]) {
      await s.deleteJob(jobId).catch(() => undefined); // the array expires a record left behind after 30 min
    }
  }
  if (complete) {
    rec.remove(run.runId);
    lines.push(`cleanup ${run.prefix}*: nothing left`);
  }
  for (const l of lines) ctx.transcript.note(l);
  return lines;
}

async function waitNoSessions(ctx: CleanupContext, s: DrillSender, ids: ReadonlySet<number>): Promise<void> {
  const until = ctx.rt.now() + SESSION_GONE_MS;
  while (ctx.rt.now() < until) {
    const left = (await s.client.listCopySessions({ signal: ctx.signal }))
      .some((x) => ids.has(idFromHref(x.source_volume_href) ?? -1) || ids.has(idFromHref(x.destination_volume_href) ?? -1));
    if (!left) return;
    await ctx.rt.sleep(POLL_MS, ctx.signal);
  }
}

/** `--cleanup`, and the start of every drill: remove every recorded run's leftovers. */
export async function cleanupLeftovers(ctx: CleanupContext): Promise<string[]> {
  const rec = new DrillRecord(ctx.recordFile);
  const runs = rec.runs();
  if (!runs.length) return [`cleanup: no drill record in ${ctx.recordFile}; nothing to do`];
  const lines: string[] = [];
  for (const run of runs) lines.push(...await cleanRun(ctx, rec, run));
  return lines;
}
