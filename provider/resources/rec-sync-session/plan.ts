/**
 * RecSyncSession update as a TABLE: (desired, observed) -> steps. Pure; used by diff (to announce the
 * procedure in `pulumi preview`), by update (re-planned against a fresh read just before acting) and by
 * create (to reach `suspended: true` after the initial copy).
 *
 * Procedures (docs/rest-api.md, REC procedures):
 * - mode change [M:rec-patch]: suspend -> wait until really suspended (job Success is not enough,
 *   [M:suspend], docs/unverified-points.md#row-6-suspend-completion) -> PATCH one field at a time (docs/unverified-points.md#row-17-one-field-per-patch) -> resume -> wait for the settled
 *   phase. Target Synchronous: split_mode is always sent again, the array leaves it Manual otherwise.
 * - restore [M:reverse, M:op-sync] (docs/rest-api.md#restore-by-reversal): suspend -> reverse -> resume -> wait; the same again to go back.
 * - suspended toggles suspend / resume.
 * - Error [M:op-sync]: delete and re-create -> replacement (Error sessions cannot be suspended [M:suspend]).
 *
 * Read-then-act race: the observed state is read right before the steps run; the array can still change
 * between that read and the first step (e.g. the path goes down). Each step's job fails loudly then, and
 * update re-reads the session and records what it found.
 */
import type { CopySessionPatchField } from "../../api/copy-sessions";
import {
  TransferMode, SessionStatus, Phase, enumEquals, isErrorStatus, suspendNeedsForce, isSettledPhase, stackSuspendProblem,
} from "../../api/dialect";
import { SYNCHRONOUS_SPLIT_MODE_DEFAULT, type Direction } from "./schema";

export interface DesiredSession {
  transferMode: string;
  splitMode?: string;
  recoveryMode: string;
  suspended: boolean;
  direction: Direction;
  waitForEquivalent: boolean;
  /** Disaster recovery (dr-plan.ts): the business runs on the mirror volume. */
  failover: boolean;
  acceptIncompleteMirror: boolean;
}

export interface ObservedSession {
  status: string;
  phase: string;
  transferMode: string;
  splitMode?: string;
  recoveryMode: string;
  direction: Direction;
  progress?: number;
  errorCode?: string;
}


export type Step =
  | { op: "suspend"; forced: boolean; why: string }
  | { op: "waitSuspended" }
  | { op: "patch"; field: CopySessionPatchField; value: string }
  | { op: "reverse" }
  | { op: "resume" }
  | { op: "waitSettled" };

export interface Plan {
  /** noop: nothing to do; steps: run `steps` in place; replace: delete and re-create; refuse: explain and stop. */
  action: "noop" | "steps" | "replace" | "refuse";
  steps: Step[];
  /** Why: for replace/refuse the error text; for steps a one-line summary. */
  reason: string;
  warnings: string[];
}

export type StatusClass = "active" | "suspended" | "halt" | "error" | "other";

export function classifyStatus(status: unknown): StatusClass {
  if (isErrorStatus(status)) return "error";
  if (enumEquals(status, SessionStatus.Suspend)) return "suspended";
  if (enumEquals(status, SessionStatus.Halt)) return "halt";
  if (enumEquals(status, SessionStatus.Active)) return "active";
  return "other";
}

/** The PATCH requests needed, in docs/unverified-points.md#row-17-one-field-per-patch order. */
export function neededPatches(desired: DesiredSession, observed: ObservedSession): Step[] {
  const patches: Step[] = [];
  const modeChanges = !enumEquals(observed.transferMode, desired.transferMode);
  if (modeChanges) patches.push({ op: "patch", field: "transfer_mode", value: desired.transferMode });
  if (desired.transferMode === TransferMode.Synchronous) {
    const split = desired.splitMode ?? SYNCHRONOUS_SPLIT_MODE_DEFAULT;
    // Back to Synchronous: ALWAYS send split_mode, the array set it to Manual on the way out [M:rec-patch].
    if (modeChanges || !enumEquals(observed.splitMode, split)) patches.push({ op: "patch", field: "split_mode", value: split });
  }
  if (!enumEquals(observed.recoveryMode, desired.recoveryMode)) {
    patches.push({ op: "patch", field: "recovery_mode", value: desired.recoveryMode });
  }
  return patches;
}

function suspendStep(observed: ObservedSession, halted: boolean): Step {
  if (halted) return { op: "suspend", forced: true, why: "status Halt: only a forced suspend is accepted" };
  // A Stack session reaches here only in Equivalent (planCells refuses the others: stackSuspendProblem).
  const forced = suspendNeedsForce(observed.transferMode, observed.phase);
  const why = !forced ? "phase Equivalent: normal suspend"
    : `phase ${observed.phase || "unknown"} is not Equivalent, so the suspend is forced; untransferred data stays on the source and the destination is unusable until the copy completes`;
  return { op: "suspend", forced, why };
}

function tail(desired: DesiredSession): Step[] {
  if (desired.suspended) return [];
  return desired.waitForEquivalent ? [{ op: "resume" }, { op: "waitSettled" }] : [{ op: "resume" }];
}

function steps(list: Step[], reason: string, warnings: string[] = []): Plan {
  return { action: "steps", steps: list, reason, warnings };
}
function noop(reason: string, warnings: string[] = []): Plan {
  return { action: "noop", steps: [], reason, warnings };
}

/** The table, with what each change means for the data stated as warnings (shown in preview and up). */
export function planUpdate(desired: DesiredSession, observed: ObservedSession): Plan {
  const plan = planCells(desired, observed);
  if (plan.action === "steps") plan.warnings.push(...risksOf(desired, observed));
  return plan;
}

/**
 * What a reviewer must know about a change on the array, beyond its steps: the protection it removes and
 * what it overwrites.
 */
function risksOf(desired: DesiredSession, observed: ObservedSession): string[] {
  const risks: string[] = [];
  const wasSuspended = classifyStatus(observed.status) === "suspended";
  if (desired.suspended && !wasSuspended) {
    risks.push("while suspended the mirror does NOT protect new writes: the DR copy stays as of the suspend until the session is resumed (the resume then copies the changes)");
  }
  const toAsync = !enumEquals(desired.transferMode, TransferMode.Synchronous) && enumEquals(observed.transferMode, TransferMode.Synchronous);
  if (toAsync) {
    risks.push(`${desired.transferMode} is asynchronous: the DR copy lags behind the business volume (RPO > 0) until transferMode is Synchronous again; the array sets split mode to Manual, which is why splitMode leaves the outputs (- splitMode in the diff)`);
  }
  if (desired.direction === "Reverse" && observed.direction === "Forward") {
    risks.push("Reverse OVERWRITES the business volume with the mirror's content: stop host I/O to the business volume before this runs");
  }
  if (desired.direction === "Forward" && observed.direction === "Reverse") {
    risks.push("back to Forward: the mirror is overwritten from the business volume again; writes made to the mirror after this point are lost");
  }
  return risks;
}

/** The cells. Every cell is commented, NOOPs and refusals included. */
function planCells(desired: DesiredSession, observed: ObservedSession): Plan {
  const cls = classifyStatus(observed.status);
  const patches = neededPatches(desired, observed);
  const reverse: Step[] = desired.direction !== observed.direction ? [{ op: "reverse" }] : [];
  const changes = [...patches, ...reverse];
  const settled = isSettledPhase(observed.transferMode, observed.phase);

  switch (cls) {
    case "error":
      // ERROR, any desire -> REPLACE. Error sessions cannot be suspended [M:suspend]; the manual says: remove
      // the cause, delete and re-create the Error session (full copy) [M:op-sync].
      return {
        action: "replace", steps: [],
        reason: `status ${observed.status}${observed.errorCode ? ` (error_code ${observed.errorCode})` : ""}: an Error session cannot be suspended or changed; the manual says remove the cause (e.g. destination overload), then delete and re-create it (full copy). If it turns Error again, consider another transfer mode`,
        warnings: [],
      };

    case "other":
      // Reserved or a status the dialect does not know: NOOP if nothing is asked, REFUSE otherwise. The
      // provider does not guess what an unknown state accepts.
      if (changes.length === 0 && !desired.suspended) return noop(`status ${observed.status}: nothing requested`, [`session status "${observed.status}" is not one the provider acts on`]);
      return { action: "refuse", steps: [], reason: `session status "${observed.status}" (phase ${observed.phase}) is not one the provider can change safely; wait until it is Active or Suspend, then run pulumi refresh and pulumi up`, warnings: [] };

    case "active": {
      // ACTIVE, nothing to change, want running -> NOOP (Copying continues towards Equivalent by itself).
      if (changes.length === 0 && !desired.suspended) return noop("active as declared");
      // ACTIVE, reverse wanted while the copy is incomplete -> REFUSE (data-loss guard): reversing would copy
      // an incomplete volume back. Declaring suspended: true first is the explicit acknowledgment.
      if (reverse.length && !settled) {
        return { action: "refuse", steps: [], reason: `direction change refused: the session is still copying (phase ${observed.phase}${observed.progress !== undefined ? `, ${observed.progress}%` : ""}), so the volume that would be copied back is incomplete. Wait for Equivalent, or first set suspended: true (forced suspend) and then change direction if you accept restoring an incomplete copy`, warnings: [] };
      }
      // ACTIVE, want suspended, nothing else -> [suspend, wait until Suspend]. Forced when not Equivalent.
      // ACTIVE, modes and/or direction to change -> [suspend, wait, PATCH..., reverse?, resume, wait settled]
      //   (or stop after the changes when suspended: true is declared).
      // ACTIVE Stack, not Equivalent -> REFUSE: the array refuses even a forced suspend [M:suspend].
      const stackProblem = stackSuspendProblem(observed.transferMode, observed.phase, observed.status);
      if (stackProblem) return { action: "refuse", steps: [], reason: `suspend refused: ${stackProblem}`, warnings: [] };
      const list: Step[] = [suspendStep(observed, false), { op: "waitSuspended" }, ...changes, ...tail(desired)];
      return steps(list, describeSteps(list));
    }

    case "suspended": {
      // SUSPEND, want suspended, nothing to change -> NOOP.
      if (changes.length === 0 && desired.suspended) return noop("suspended as declared");
      // SUSPEND, changes and/or want running -> [PATCH..., reverse?, resume?, wait?]. Already suspended: no
      // suspend step. A resume discards writes made to the destination while suspended [M:resume].
      const warnings = desired.suspended ? [] : ["resume discards writes made to the destination volume while the session was suspended"];
      const list: Step[] = [...changes, ...tail(desired)];
      return steps(list, describeSteps(list), warnings);
    }

    case "halt": {
      // HALT (copy path lost or REC buffer overload; phase kept, project name).
      if (changes.length === 0 && !desired.suspended) {
        // HALT, nothing to change, recovery Automatic -> NOOP: the array resumes when the path returns [M:dg-paths].
        if (!enumEquals(observed.recoveryMode, "Manual")) {
          return noop("halted; recovers automatically", ["session is Halt (copy path down?); with recovery mode Automatic the array recovers it when the path returns"]);
        }
        // HALT, nothing to change, recovery Manual -> manual recovery = forced suspend + resume [M:suspend].
        const list: Step[] = [suspendStep(observed, true), { op: "waitSuspended" }, ...tail(desired)];
        return steps(list, `manual recovery (recovery mode Manual): ${describeSteps(list)}`);
      }
      // HALT, reverse wanted, the copy was not complete when the path went down -> REFUSE (data-loss guard).
      if (reverse.length && !enumEquals(observed.phase, Phase.Equivalent)) {
        return { action: "refuse", steps: [], reason: `direction change refused: the session halted in phase ${observed.phase}, before the copy was complete; first set suspended: true (forced suspend), then change direction if you accept restoring an incomplete copy`, warnings: [] };
      }
      // HALT, changes and/or want suspended -> [forced suspend, wait, PATCH..., reverse?, resume?, wait?].
      const list: Step[] = [suspendStep(observed, true), { op: "waitSuspended" }, ...changes, ...tail(desired)];
      return steps(list, describeSteps(list), desired.suspended ? [] : ["the session is Halt: the resume fails while the copy path is still down"]);
    }
  }
}

export function describeStep(s: Step): string {
  switch (s.op) {
    case "suspend": return s.forced ? "suspend (FORCED)" : "suspend";
    case "waitSuspended": return "wait until suspended";
    case "patch": return `PATCH ${s.field} ${s.value}`;
    case "reverse": return "reverse";
    case "resume": return "resume";
    case "waitSettled": return "wait for Equivalent";
  }
}

export function describeSteps(list: Step[]): string {
  return list.map(describeStep).join(" -> ");
}

/** The preview line for a plan, e.g. "will suspend -> PATCH transfer_mode Consistency -> resume". */
export function describePlan(plan: Plan, desired: DesiredSession, observed: ObservedSession): string {
  switch (plan.action) {
    case "noop": return `no array change (${plan.reason})`;
    case "replace": return `will REPLACE (delete, then re-create with a full copy): ${plan.reason}`;
    case "refuse": return `will FAIL: ${plan.reason}`;
    case "steps": {
      const restore = desired.direction !== observed.direction
        ? (desired.direction === "Reverse" ? " (restore from the mirror: copy destination -> source)" : " (back to Forward: copy source -> destination)")
        : "";
      const forced = plan.steps.find((s): s is Extract<Step, { op: "suspend" }> => s.op === "suspend" && s.forced);
      return `will ${plan.reason}${restore}${forced ? `; suspend is forced: ${forced.why}` : ""}`;
    }
  }
}
