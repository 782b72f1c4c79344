/**
 * Field checks for check(): each failure names the field and the rule, so `pulumi preview` shows the fix.
 * Unknown (preview) values always pass; rules that need another field skip while it is unknown.
 *
 * One rule per field: a field's own shape (type, range, spelling) is its zod schema's rule
 * (field-rules.ts), checked here by `fields`; the hand check adds only what zod cannot see alone, the
 * stack config (`configuredArray`) and rules across fields.
 */
import type { z } from "zod";
import { arrayProblem, type ProviderConfig } from "../../config";
import { arrayNameRule, booleanRule, enumRule, integerRule, positiveNumberRule } from "./field-rules";
import { fieldFailures, valueFailures } from "./shapes";
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

  /** Every field's zod rule over the declaration (preview unknowns skipped, nested objects field by field). */
  fields(schema: z.ZodObject, news: Record<string, unknown>): void {
    this.failures.push(...fieldFailures(schema, news));
  }

  /** A string array name that stack config (or the ETERNUS_<NAME>_* environment) defines; its shape is zod's. */
  configuredArray(property: string, v: unknown): void {
    if (typeof v !== "string" || v === "" || isUnknown(v)) return;
    const problem = arrayProblem(this.cfg, v);
    if (problem) this.fail(property, `${property}: ${problem}${this.cfg.error ? ` (config problem: ${this.cfg.error})` : ""}`);
  }

  // One value against a field rule, for a resource whose schema does not carry the rule (yet).

  /** An array name: its shape, then the config. */
  array(property: string, v: unknown, required = true): void {
    if (isUnknown(v) || (!required && (!present(v) || v === ""))) return;
    this.rule(property, arrayNameRule(), v === null ? undefined : v);
    this.configuredArray(property, v);
  }

  integer(property: string, v: unknown, opts: { min: number; required?: boolean; what: string }): void {
    if (isUnknown(v) || (!present(v) && !opts.required)) return;
    this.rule(property, integerRule(opts.what, opts.min), v === null ? undefined : v);
  }

  boolean(property: string, v: unknown): void {
    if (present(v) && !isUnknown(v)) this.rule(property, booleanRule(), v);
  }

  positiveNumber(property: string, v: unknown, unit: string): void {
    if (present(v) && !isUnknown(v)) this.rule(property, positiveNumberRule(unit), v);
  }

  /** Exact spelling from `allowed`; a case/underscore variant gets a "did you mean". */
  enumeration(property: string, v: unknown, allowed: readonly [string, ...string[]], extra?: (v: string) => string | undefined): void {
    if (present(v) && !isUnknown(v)) this.rule(property, enumRule(allowed, extra), v);
  }

  private rule(property: string, schema: z.ZodType, v: unknown): void {
    this.failures.push(...valueFailures(schema, v, property));
  }
}
