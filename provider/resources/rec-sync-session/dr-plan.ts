/**
 * Disaster recovery as plan-table cells (plan.ts has the normal table): failover (the business moves to
 * the mirror volume) and failback (the mirror's changes go home, then Forward again). Pure.
 *
 * The copy is only complete, with no acknowledged write missing on the mirror, when the session is
 * Synchronous and Equivalent; anything else (Copying, or an asynchronous mode, whose mirror lags) needs the
 * explicit acknowledgment `acceptIncompleteMirror` before a failover.
 */
import { enumEquals, Phase, stackSuspendProblem, TransferMode } from "../../api/dialect";
import { classifyStatus, describeSteps, neededPatches, type DesiredSession, type ObservedSession, type Plan, type Step } from "./plan";

export interface FailoverOptions {
  acceptIncompleteMirror: boolean;
  /** The source array did not answer: only a forced suspend through the destination array is possible. */
  sourceUnreachable: boolean;
}

function refuse(reason: string): Plan {
  return { action: "refuse", steps: [], reason, warnings: [] };
}

/** True when the mirror holds every acknowledged write (Synchronous and Equivalent when last seen). */
function mirrorComplete(o: ObservedSession): boolean {
  return enumEquals(o.transferMode, TransferMode.Synchronous) && enumEquals(o.phase, Phase.Equivalent);
}

function incompleteReason(o: ObservedSession): string {
  const where = `phase ${o.phase || "unknown"}${o.progress !== undefined ? `, ${o.progress}% copied` : ""}, transfer mode ${o.transferMode}`;
  return enumEquals(o.transferMode, TransferMode.Synchronous)
    ? `the mirror is incomplete (${where}): writes the business volume acknowledged are not all on it`
    : `the mirror lags behind (${where}: asynchronous, so the last writes may not have reached it)`;
}

/** failover: true. Result: the session suspended, the mirror volume writable. */
export function planFailover(d: DesiredSession, o: ObservedSession, f: FailoverOptions): Plan {
  const cls = classifyStatus(o.status);
  if (cls === "suspended") {
    return { action: "noop", steps: [], reason: "failed over: the session is suspended and the mirror volume is writable", warnings: [] };
  }
  if (cls === "error" || cls === "other") {
    return refuse(`failover refused: the session is ${o.status} (error_code ${o.errorCode ?? "?"}), which cannot be suspended; the mirror volume may be incomplete. Check it on the array; to use it anyway, delete the session there (the volume stays) and remove the RecSyncSession from the program`);
  }
  const complete = mirrorComplete(o);
  if (!complete && !d.acceptIncompleteMirror) {
    return refuse(`failover refused: ${incompleteReason(o)}. Set acceptIncompleteMirror: true to fail over anyway`);
  }
  // A Stack session that is not Equivalent (and not Halt) takes no suspend at all, forced or not [M:suspend].
  const stackProblem = stackSuspendProblem(o.transferMode, o.phase, o.status);
  if (stackProblem) return refuse(`failover refused: ${stackProblem}`);
  // A halted session, a copy still running and the destination array itself only take a forced suspend.
  const forced = f.sourceUnreachable || cls === "halt" || !enumEquals(o.phase, Phase.Equivalent);
  const why = f.sourceUnreachable
    ? "the source array is unreachable: forced suspend through the destination array"
    : cls === "halt" ? "status Halt (copy path down): only a forced suspend is accepted"
      : forced ? "the copy is not Equivalent: forced suspend" : "planned failover: normal suspend in Equivalent, no data loss";
  const steps: Step[] = [{ op: "suspend", forced, why }, { op: "waitSuspended" }];
  const warnings = [
    ...(complete ? [] : [`failing over to an incomplete mirror (acceptIncompleteMirror): ${incompleteReason(o)}`]),
    "after the failover the business runs on the mirror volume; the business volume must not be written until the failback",
  ];
  return { action: "steps", steps, reason: `fail over: ${describeSteps(steps)} (${why})`, warnings };
}

/**
 * failover true -> false. Suspended Forward: reverse + resume copies the mirror's changes home (delta),
 * then suspend + reverse + resume runs Forward again. Resumes after an interruption at any step.
 */
export function planFailback(d: DesiredSession, o: ObservedSession): Plan {
  const cls = classifyStatus(o.status);
  const home: Step[] = [{ op: "waitSettled" }, { op: "suspend", forced: false, why: "the business volume holds the mirror's changes (Equivalent): normal suspend" }, { op: "waitSuspended" }, { op: "reverse" }];
  const tail: Step[] = d.suspended ? [] : [{ op: "resume" }, ...(d.waitForEquivalent ? [{ op: "waitSettled" } as Step] : [])];
  const warnings = ["failback: stop host I/O on the mirror volume now; the business volume is overwritten with the mirror's changes, then it is the copy source again"];
  if (enumEquals(d.transferMode, TransferMode.Stack)) {
    return refuse("failback refused in Stack mode: Stack never reaches Equivalent, so the copy home could not be confirmed complete. Declare transferMode Synchronous (or Consistency) together with failover: false");
  }
  if (cls === "halt" || cls === "error" || cls === "other") {
    return refuse(`failback refused: the session is ${o.status} (copy path or array down?); failback needs both arrays and the copy path. Keep failover: true until both sites are up (pulumi refresh shows the status)`);
  }
  if (o.direction === "Forward" && cls === "suspended") {
    // Mode changes are made while suspended, before the copy home (which then runs in the declared mode).
    const steps: Step[] = [...neededPatches(d, o), { op: "reverse" }, { op: "resume" }, ...home, ...tail];
    return { action: "steps", steps, reason: `fail back: ${describeSteps(steps)}`, warnings };
  }
  if (o.direction === "Reverse" && cls === "active") {
    const steps: Step[] = [...home, ...tail];
    return { action: "steps", steps, reason: `continue the failback: ${describeSteps(steps)}`, warnings };
  }
  if (o.direction === "Reverse" && cls === "suspended") {
    const steps: Step[] = [{ op: "reverse" }, ...tail];
    return { action: "steps", steps, reason: `finish the failback: ${describeSteps(steps)}`, warnings };
  }
  // Active and Forward: already back (or resumed outside Pulumi, which discarded the mirror's changes).
  return { action: "noop", steps: [], reason: "failed back: the session runs Forward", warnings: [] };
}
