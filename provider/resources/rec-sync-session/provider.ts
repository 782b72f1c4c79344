/**
 * RecSyncSession: the provider methods behind the serialized shell (resource.ts), reached through the
 * package's stable entry (provider/entry.ts). Procedures: docs/rest-api.md; the update table: plan.ts; step
 * execution: steps.ts; create: create.ts; delete: delete.ts.
 *
 * Which array each operation talks to: create both (pre-flight, POST on the source array); read and update
 * the source array only, where the session was created (docs/unverified-points.md docs/unverified-points.md#row-18-which-array-takes-session-operations); delete the
 * source array, then the destination array for the peer view or a leftover.
 */
import { withClientLease } from "../../client";
import { configOf } from "../../config";
import type { CheckFailure } from "../common/checker";
import { PartialFailureError, PlanRefusedError, ResourceGoneError } from "../common/errors";
import type { Operation } from "../common/operation";
import { changed, errorMessage, isUnknown, jsonPlain, stripProvider, type Props } from "../common/unknown";
import { checkRecSyncSession } from "./check";
import { checkedOrThrow, runContext, sessionOperation } from "./common";
import { createSession } from "./create";
import { deleteSession } from "./delete";
import { ourSession } from "./lookups";
import { desiredOf, inputsFromOutputs, observe, observedFromOutputs, outputsOf, sessionLabel } from "./outputs";
import { classifyStatus, describePlan, planSession } from "./plan";
import { parseStoredOutputs, REPLACE_FIELDS, type RecSyncSessionInputs, type RecSyncSessionOutputs } from "./schema";
import { readLive, runSteps, waitSettled } from "./steps";

export async function check(provider: unknown, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
  const { inputs, failures } = checkRecSyncSession(configOf(provider), olds, news);
  return { inputs: jsonPlain(inputs), failures };
}

type DiffResult = { changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean };

/**
 * diff: from the OLD OUTPUTS (observed state as of the last up/refresh) and the new inputs; announces the
 * procedure in preview. Makes no array calls.
 */
async function diffOperation(provider: unknown, _id: string, oldsRaw: Props, newsRaw: Props): Promise<DiffResult> {
  const o = parseStoredOutputs(stripProvider(oldsRaw));
  const n = stripProvider(newsRaw) as unknown as RecSyncSessionInputs;
  const op = sessionOperation(provider, n);
  const replaces = REPLACE_FIELDS.filter((k) => changed(o[k], n[k]));
  if (replaces.length) {
    const what = replaces.map((k) => `${k} ${String(o[k])} -> ${isUnknown(n[k]) ? "(known at apply time)" : String(n[k])}`).join(", ");
    op.log.info(`will REPLACE (delete the session first, then create a new one with a full initial copy): ${what}`);
    return { changes: true, replaces: [...replaces], deleteBeforeReplace: true };
  }
  const unknown = (["transferMode", "splitMode", "recoveryMode", "suspended", "direction", "waitForEquivalent"] as const).filter((k) => isUnknown(n[k]));
  if (unknown.length) {
    op.log.info(`will update: ${unknown.join(", ")} known at apply time; the procedure (suspend -> change -> resume) is decided then`);
    return { changes: true };
  }
  return diffPlan(op, o, n);
}

function diffPlan(op: Operation, o: RecSyncSessionOutputs, n: RecSyncSessionInputs): DiffResult {
  const observed = observedFromOutputs(o);
  const desired = desiredOf(n);
  const plan = planSession(desired, observed);
  for (const w of plan.warnings) op.log.warn(w);
  switch (plan.action) {
    case "replace":
      op.log.warn(describePlan(plan, desired, observed));
      if (n.direction === "Reverse") {
        op.log.warn("the replacement deletes the session and then refuses to create one in direction Reverse (no data is copied either way): set direction Forward to re-create it from the business volume (overwrites the mirror), or swap sourceArray/destinationArray to copy from the mirror");
      }
      return { changes: true, replaces: ["status"], deleteBeforeReplace: true };
    case "refuse":
      // Not thrown here: update re-plans against the live session and fails there if it still applies.
      op.log.warn(describePlan(plan, desired, observed));
      return { changes: true };
    case "steps":
      op.log.info(describePlan(plan, desired, observed));
      return { changes: true };
    case "noop": {
      const recorded = (["providerVersion", "waitForEquivalent", "timeoutSeconds"] as const).filter((k) => changed(o[k], n[k]));
      if (!recorded.length) return { changes: false };
      op.log.info(`will update state only (no array change): ${recorded.map((k) => `${k} ${String(o[k] ?? "(none)")} -> ${String(n[k])}`).join(", ")}`);
      return { changes: true };
    }
  }
}

/** read (refresh): the source array only. Gone or reused id -> removed from state; drift and Error warn. */
async function readOperation(provider: unknown, id: string, propsRaw: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const o = parseStoredOutputs(stripProvider(propsRaw));
  const op = sessionOperation(provider, o);
  const s = await ourSession(op.client(o.sourceArray), o, { signal: op.deadline(120).signal });
  if (!s) {
    op.log.warn(`copy session ${o.copySessionId} no longer exists on array "${o.sourceArray}" (or the id now names another session): removed from state; the next pulumi up creates it again`);
    return { id: "", props: {} };
  }
  const props = outputsOf(o, s, { sourceBoxId: o.sourceBoxId, destinationBoxId: o.destinationBoxId });
  reportDrift(op, o, props);
  return { id, props, inputs: inputsFromOutputs(props) };
}

function reportDrift(op: Operation, before: RecSyncSessionOutputs, now: RecSyncSessionOutputs): void {
  const drift: string[] = [];
  if (now.suspended !== before.suspended) drift.push(now.suspended ? "suspended" : "resumed");
  if (now.direction !== before.direction) drift.push(`direction ${before.direction} -> ${now.direction}`);
  if (now.transferMode !== before.transferMode) drift.push(`transfer mode ${before.transferMode} -> ${now.transferMode}`);
  if (now.recoveryMode !== before.recoveryMode) drift.push(`recovery mode ${before.recoveryMode} -> ${now.recoveryMode}`);
  if (drift.length) op.log.warn(`changed outside Pulumi: ${drift.join(", ")}; the next pulumi up restores the declared state`);
  const cls = classifyStatus(now.status);
  if (cls === "error") {
    op.log.warn(`status ${now.status} (error_code ${now.errorCode ?? "?"}): the manual says remove the cause (e.g. overload of the destination array), then delete and re-create the session; the next pulumi up REPLACES it (full copy)`);
  } else if (cls === "halt") {
    op.log.warn(`status Halt: the copy path to "${before.destinationArray}" looks down (recovery mode ${now.recoveryMode})`);
  }
}

/** update: re-plan against the live session (source array only), run the steps, record what happened. */
async function updateOperation(provider: unknown, id: string, oldsRaw: Props, newsRaw: Props): Promise<{ outs: Props }> {
  const o = parseStoredOutputs(stripProvider(oldsRaw));
  const n = checkedOrThrow(provider, oldsRaw, newsRaw);
  const op = sessionOperation(provider, n);
  for (const k of REPLACE_FIELDS) {
    if (changed(o[k], n[k])) throw new PlanRefusedError(`RecSyncSession ${sessionLabel(n)}: ${k} cannot change in place (replacement)`);
  }
  const d = op.deadline(n.timeoutSeconds);
  const ctx = runContext(op, op.client(n.sourceArray), o, d);
  const boxes = { sourceBoxId: o.sourceBoxId, destinationBoxId: o.destinationBoxId };
  let acted = false;
  try {
    return await op.withDeadline(d, `RecSyncSession ${sessionLabel(n)} update`, async () => {
      // Re-read just before acting: the state in outputs may be old (read-then-act race, see plan.ts).
      let s = await readLive(ctx);
      const desired = desiredOf(n);
      const observed = observe(s, n);
      const plan = planSession(desired, observed);
      for (const w of plan.warnings) op.log.warn(w);
      if (plan.action === "replace") throw new PlanRefusedError(`${plan.reason}. It turned Error after the preview: run pulumi refresh, then pulumi up replaces it`);
      if (plan.action === "refuse") throw new PlanRefusedError(plan.reason);
      if (plan.action === "steps") {
        op.log.info(describePlan(plan, desired, observed));
        acted = true;
        s = await runSteps(ctx, plan.steps);
      }
      // Declared running with waitForEquivalent: finish the copy even when no step was needed (e.g. after a
      // create that timed out, which the engine records and updates on the next up).
      if (!n.suspended && n.waitForEquivalent && classifyStatus(s.status) === "active") {
        acted = true;
        s = await waitSettled(ctx);
      }
      return { outs: outputsOf(n, s, boxes) };
    });
  } catch (e) {
    if (!acted || e instanceof ResourceGoneError) throw e;
    // Something changed on the array: record the session as it is now, not the old outputs.
    const latest = await readLive(ctx, op.deadline(30).signal).catch(() => undefined);
    if (!latest) throw e;
    const reason = errorMessage(e);
    throw new PartialFailureError(`RecSyncSession ${sessionLabel(n)}: ${reason}`, id, { ...outputsOf(n, latest, boxes), __provider: newsRaw.__provider }, [reason]);
  }
}

// Every operation that may talk to an array holds a client lease: logins end when the last one returns.
export const diff = withClientLease(diffOperation);
export const create = withClientLease(createSession);
export const read = withClientLease(readOperation);
export const update = withClientLease(updateOperation);
export const remove = withClientLease((provider: unknown, _id: string, props: Props) => deleteSession(provider, props));
