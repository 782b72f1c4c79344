/**
 * Which members a group action must suspend, read live. All members are read together under ONE bounded
 * probe of the source array (a black-holed array costs one probe for the whole group, not one per member);
 * when it does not answer and a failover is declared, EVERY member is read and suspended through the
 * destination array, so the cut stays one request on one array. Refusals of any member stop everything
 * before acting.
 */
import type { CopySession } from "../../client/types";
import { PlanRefusedError } from "../common/errors";
import type { Operation } from "../common/operation";
import { isUnreachable, probeArray } from "../common/unanswered-arrays";
import type { Deadline } from "../common/waits";
import { destinationContext, runContext } from "../rec-sync-session/common";
import { planFailover } from "../rec-sync-session/dr-plan";
import { desiredOf, observe } from "../rec-sync-session/outputs";
import { planUpdate, type ObservedSession } from "../rec-sync-session/plan";
import type { RecSyncSessionOutputs } from "../rec-sync-session/schema";
import { readLive, type RunContext } from "../rec-sync-session/steps";
import { observePeer, peerView } from "../rec-sync-session/through-destination";
import { cutNeedsForce, type CutMember } from "./cut";
import { groupLabel, memberInputs, memberKey } from "./members";
import type { GroupCut, MemberInputs, RecSessionGroupInputs } from "./schema";

export interface CutPlan {
  members: CutMember[];
  forced: boolean;
  through: GroupCut["through"];
}

interface Seen {
  s: RecSyncSessionOutputs;
  ctx: RunContext;
  live: CopySession;
  observed: ObservedSession;
}

export async function planCut(op: Operation, n: RecSessionGroupInputs, sessions: readonly RecSyncSessionOutputs[], d: Deadline): Promise<CutPlan | undefined> {
  const probe = op.probe(d);
  const fromSource = await Promise.allSettled(sessions.map(async (s): Promise<Seen> => {
    const ctx = runContext(op, op.client(n.sourceArray), s, d);
    const live = await probeArray(op, n.sourceArray, probe, (signal) => readLive(ctx, signal));
    return { s, ctx, live, observed: observe(live, s) };
  }));
  const errors = fromSource.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  const answered = errors.find((e) => !isUnreachable(e));
  if (answered !== undefined) throw answered;
  if (errors.length && !n.failover) throw errors[0];
  const through: GroupCut["through"] = errors.length ? "destination" : "source";
  const refusals: string[] = [];
  const seen = through === "source"
    ? fromSource.map((r) => (r as PromiseFulfilledResult<Seen>).value)
    : (await Promise.all(sessions.map(async (s) => {
      const peer = await peerView(op, s, d);
      if (!peer) refusals.push(`${label(s)}: "${n.destinationArray}" shows no view of copy session ${s.copySessionId}`);
      return peer ? { s, ctx: destinationContext(op, op.client(n.destinationArray), s, peer.copysession_id, d), live: peer, observed: observePeer(peer, s) } : undefined;
    }))).filter((x): x is Seen => x !== undefined);
  const members: CutMember[] = [];
  for (const { s, ctx, live, observed } of seen) {
    const desired = desiredOf(memberInputs(n, memberOf(s)));
    const plan = n.failover ? planFailover(desired, observed, { acceptIncompleteMirror: n.acceptIncompleteMirror, sourceUnreachable: through === "destination" }) : planUpdate(desired, observed);
    if (plan.action === "refuse" || plan.action === "replace") refusals.push(`${label(s)}: ${plan.reason}`);
    else if (plan.steps.some((x) => x.op === "suspend")) members.push({ label: label(s), ctx, live });
  }
  if (refusals.length) throw new PlanRefusedError(`RecSessionGroup ${groupLabel(n)}: nothing was changed: ${refusals.join("; ")}`);
  if (members.length === 0) return undefined;
  return { members, forced: cutNeedsForce(members.map((m) => m.live), through === "destination"), through };
}

function label(s: RecSyncSessionOutputs): string {
  return s.resourceName ?? memberKey(s);
}

function memberOf(s: RecSyncSessionOutputs): MemberInputs {
  return { sourceVolumeId: s.sourceVolumeId, sourceVolumeName: s.sourceVolumeName, sourceVolumeNumber: s.sourceVolumeNumber, sourceVolumeIdFrom: s.sourceVolumeIdFrom, destinationVolumeId: s.destinationVolumeId };
}
