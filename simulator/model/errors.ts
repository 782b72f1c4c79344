/**
 * Typed errors that own their HTTP status and error_code [M:error]. The model throws them where the state
 * lives; the HTTP layer renders them with renderError(). Codes are the simulator's own (docs/unverified-points.md#row-23-error-codes).
 */
import { SimErrorCode } from "../../provider/api/dialect";

export interface ErrorBody {
  error_code: string;
  message: string;
  internal_code: string;
}

export abstract class SimError extends Error {
  abstract readonly status: number;
  abstract readonly errorCode: string;
  /** The parameter that caused the error: the "Factor" of "Description (Factor)". */
  readonly factor: string;
  constructor(description: string, factor = "") {
    super(description);
    this.factor = factor;
    this.name = new.target.name;
  }
}

/** A SimError class with a fixed HTTP status and error_code, below `Base` (a 409 family shares Conflict). */
function coded(status: number, errorCode: string, Base: typeof SimError = SimError) {
  return class extends Base {
    readonly status = status;
    readonly errorCode = errorCode;
  };
}

export class BadRequest extends coded(400, SimErrorCode.BadRequest) {}
export class Unauthorized extends coded(401, SimErrorCode.Unauthorized) {}
export class Forbidden extends coded(403, SimErrorCode.Forbidden) {}
export class NotFound extends coded(404, SimErrorCode.NotFound) {}
/** 409: change to a conflicting state [M:error]. Subclasses give the reason its own code. */
export class Conflict extends coded(409, SimErrorCode.Conflict) {}
export class NameExists extends coded(409, SimErrorCode.NameExists, Conflict) {}
export class InvalidState extends coded(409, SimErrorCode.InvalidState, Conflict) {}
export class SessionLimit extends coded(409, SimErrorCode.SessionLimit, Conflict) {}
export class NotEquivalent extends coded(409, SimErrorCode.NotEquivalent, Conflict) {}
export class CopyRangeTotally extends coded(409, SimErrorCode.CopyRangeTotally, Conflict) {}
export class TooLarge extends coded(413, SimErrorCode.TooLarge) {}
export class UnsupportedMediaType extends coded(415, SimErrorCode.UnsupportedMediaType) {}
export class Internal extends coded(500, SimErrorCode.Internal) {}
export class Busy extends coded(503, SimErrorCode.Busy) {}

/** Stable pseudo internal code: the manual gives no format, so a hex hash of code + description. */
function internalCode(code: string, description: string): string {
  let h = 0x811c9dc5;
  for (const ch of code + description) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return "0x" + h.toString(16).padStart(8, "0");
}

/** "Description (Factor)" [M:error]; unknown exceptions become 500. */
export function renderError(err: unknown): { status: number; body: ErrorBody } {
  const e = err instanceof SimError ? err : new Internal("Internal error", "");
  const message = e.factor ? `${e.message} (${e.factor})` : e.message;
  return { status: e.status, body: { error_code: e.errorCode, message, internal_code: internalCode(e.errorCode, e.message) } };
}
