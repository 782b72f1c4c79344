/**
 * Errors the resources throw, in the same hierarchy as the client's (provider/client/errors.ts): each has a
 * stable `code`, so tests and callers branch on the code, never on message text.
 */
import { EternusError, type EternusErrorCode } from "../../client/errors";

/**
 * EternusError's `instanceof` works by a brand (the package may be loaded twice), and a static
 * Symbol.hasInstance is inherited: without its own brand every subclass would match every EternusError.
 * So each class checks the brand of its own name.
 */
class ResourceError extends EternusError {
  constructor(name: string, message: string, code: EternusErrorCode, cause?: unknown) {
    super(message, code, cause !== undefined ? { cause } : undefined);
    this.name = name;
    Object.defineProperty(this, Symbol.for(`pulumi-eternus-rec.${name}`), { value: true });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    const own = Symbol.for(`pulumi-eternus-rec.${this.name}`);
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[own] === true;
  }
}

/** Inputs that check() would have refused (create/update re-check: the engine may skip preview). */
export class InvalidInputsError extends ResourceError {
  constructor(message: string, readonly failures: { property: string; reason: string }[]) {
    super("InvalidInputsError", message, "ERR_INVALID_INPUT");
  }
}

/** What a pre-flight check found before anything was created; `check` names which rule refused. */
export type PreflightCheck =
  | "remote-copy-license" | "volume-missing" | "same-array" | "size-mismatch" | "session-limit"
  | "destination-in-use" | "pair-exists-differs" | "reverse-create" | "name-taken" | "not-adoptable"
  | "volume-in-use" | "shrink" | "expand-not-tpv" | "expand-in-session" | "rename-clash";

/** Refused before acting: nothing was changed on any array. */
export class PreflightError extends ResourceError {
  constructor(readonly check: PreflightCheck, message: string) {
    super("PreflightError", message, "ERR_PREFLIGHT");
  }
}

/** The plan table refused a change (e.g. reverse while copying): nothing was changed. */
export class PlanRefusedError extends ResourceError {
  constructor(message: string) {
    super("PlanRefusedError", message, "ERR_REFUSED");
  }
}

/** The object in state is gone from the array (or its id now names another one). */
export class ResourceGoneError extends ResourceError {
  constructor(message: string) {
    super("ResourceGoneError", message, "ERR_GONE");
  }
}

/**
 * The copy session reached a state that waiting cannot leave (status Error; Halt with recovery mode
 * Manual): the wait stopped early. `status` is the session's status then.
 */
export class SessionStateError extends ResourceError {
  constructor(message: string, readonly status: string) {
    super("SessionStateError", message, "ERR_SESSION_STATE");
  }
}

/**
 * The operation stopped before its end and running it again continues it (e.g. a session just created is
 * not visible yet, or the array to delete on did not answer). Nothing was lost; the message says what to run.
 */
export class IncompleteError extends ResourceError {
  constructor(message: string, cause?: unknown) {
    super("IncompleteError", message, "ERR_INCOMPLETE", cause);
  }
}

/**
 * The resource exists but the operation did not finish. `id` and `properties` (with `__provider`) make the
 * plugin host answer ErrorResourceInitFailed, so the engine records the resource instead of leaking it
 * (docs/dynamic-provider-rules.md, rules 8 and 9). The plugin host detects it by the `id` field.
 */
export class PartialFailureError extends ResourceError {
  constructor(message: string, readonly id: string, readonly properties: Record<string, unknown>, readonly reasons: string[]) {
    super("PartialFailureError", message, "ERR_PARTIAL_FAILURE");
  }
}

/**
 * The array did not answer a bounded call a moment ago and is remembered as not answering for a short while
 * (common/unanswered-arrays.ts): the call was not sent. Unreachable, never gone: nothing is removed,
 * replaced or forced because of it.
 */
export class ArrayUnansweredError extends ResourceError {
  constructor(message: string, readonly array: string, cause?: unknown) {
    super("ArrayUnansweredError", message, "ERR_UNREACHABLE", cause);
  }
}
