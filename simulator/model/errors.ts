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

export class BadRequest extends SimError {
  readonly status = 400;
  readonly errorCode = SimErrorCode.BadRequest;
}
export class Unauthorized extends SimError {
  readonly status = 401;
  readonly errorCode = SimErrorCode.Unauthorized;
}
export class Forbidden extends SimError {
  readonly status = 403;
  readonly errorCode = SimErrorCode.Forbidden;
}
export class NotFound extends SimError {
  readonly status = 404;
  readonly errorCode = SimErrorCode.NotFound;
}
/** 409: change to a conflicting state [M:error]. Subclasses give the reason its own code. */
export class Conflict extends SimError {
  readonly status: number = 409;
  readonly errorCode: string = SimErrorCode.Conflict;
}
export class NameExists extends Conflict {
  override readonly errorCode = SimErrorCode.NameExists;
}
export class InvalidState extends Conflict {
  override readonly errorCode = SimErrorCode.InvalidState;
}
export class SessionLimit extends Conflict {
  override readonly errorCode = SimErrorCode.SessionLimit;
}
export class NotEquivalent extends Conflict {
  override readonly errorCode = SimErrorCode.NotEquivalent;
}
export class CopyRangeTotally extends Conflict {
  override readonly errorCode = SimErrorCode.CopyRangeTotally;
}
export class TooLarge extends SimError {
  readonly status = 413;
  readonly errorCode = SimErrorCode.TooLarge;
}
export class UnsupportedMediaType extends SimError {
  readonly status = 415;
  readonly errorCode = SimErrorCode.UnsupportedMediaType;
}
export class Internal extends SimError {
  readonly status = 500;
  readonly errorCode = SimErrorCode.Internal;
}
export class Busy extends SimError {
  readonly status = 503;
  readonly errorCode = SimErrorCode.Busy;
}

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
