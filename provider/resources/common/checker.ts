/**
 * Field checks for check(): each failure names the field and the rule, so `pulumi preview` shows the fix.
 * Unknown (preview) values always pass; rules that need another field skip while it is unknown.
 */
import { normalizeEnum } from "../../api/dialect";
import { arrayProblem, type ProviderConfig } from "../../config";
import { isUnknown } from "./unknown";

export interface CheckFailure {
  property: string;
  reason: string;
}

export function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

export class Checker {
  readonly failures: CheckFailure[] = [];
  constructor(private readonly cfg: ProviderConfig) {}

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  /** An array name that stack config (or the ETERNUS_<NAME>_* environment) defines. */
  array(property: string, v: unknown, required = true): void {
    if (isUnknown(v)) return;
    if (!present(v) || v === "") {
      if (required) this.fail(property, `${property} is required: the name of an array configured under eternus:arrays`);
      return;
    }
    if (typeof v !== "string") return this.fail(property, `${property} must be a string (an array name), got ${typeof v}`);
    const problem = arrayProblem(this.cfg, v);
    if (problem) this.fail(property, `${property}: ${problem}${this.cfg.error ? ` (config problem: ${this.cfg.error})` : ""}`);
  }

  integer(property: string, v: unknown, opts: { min: number; required?: boolean; what: string }): void {
    if (isUnknown(v)) return;
    if (!present(v)) {
      if (opts.required) this.fail(property, `${property} is required (${opts.what})`);
      return;
    }
    if (typeof v !== "number" || !Number.isInteger(v)) {
      return this.fail(property, `${property} must be an integer (${opts.what}), got ${JSON.stringify(v)}`);
    }
    if (v < opts.min) this.fail(property, `${property} must be ${opts.min === 0 ? "zero or positive" : `at least ${opts.min}`} (${opts.what}), got ${v}`);
  }

  boolean(property: string, v: unknown): void {
    if (isUnknown(v) || !present(v)) return;
    if (typeof v !== "boolean") this.fail(property, `${property} must be true or false, got ${JSON.stringify(v)}`);
  }

  positiveNumber(property: string, v: unknown, unit: string): void {
    if (isUnknown(v) || !present(v)) return;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) this.fail(property, `${property} must be a positive number of ${unit}, got ${JSON.stringify(v)}`);
  }

  /** Exact spelling from `allowed`; a case/underscore variant gets a "did you mean". */
  enumeration(property: string, v: unknown, allowed: readonly string[], extra?: (v: string) => string | undefined): void {
    if (isUnknown(v) || !present(v)) return;
    if (typeof v !== "string") return this.fail(property, `${property} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    const special = extra?.(v);
    if (special) return this.fail(property, special);
    if (allowed.includes(v)) return;
    const near = allowed.find((a) => normalizeEnum(a) === normalizeEnum(v));
    this.fail(property, near
      ? `${property} "${v}" is misspelled: write "${near}" (allowed: ${allowed.join(", ")})`
      : `${property} must be one of ${allowed.join(", ")}, got "${v}"`);
  }

  /** Version and label inputs the Resource classes add (never set by users). */
  bookkeeping(news: Record<string, unknown>): void {
    for (const k of ["providerVersion", "resourceName", "resourceUrn"] as const) {
      const v = news[k];
      if (present(v) && !isUnknown(v) && typeof v !== "string") this.fail(k, `${k} must be a string`);
    }
  }
}
