/**
 * The per-field rules of the resources' zod schemas, with messages that name the fix. A message continues
 * the field's name ("tppId" + " must be an integer (...)"): `issuesAsFailures` (shapes.ts) puts the name in
 * front, so one rule reads the same for a top-level field and a nested one ("sizeFrom.volumeId ...").
 * Rules that need another field or the stack config stay in the resources' check.ts.
 */
import { z } from "zod";
import { normalizeEnum } from "../../api/dialect";

const shown = (v: unknown) => JSON.stringify(v);
const absent = (v: unknown) => v === undefined;

/** A whole number, zero or more unless `min` says otherwise; `what` says which number is meant. */
export function integerRule(what: string, min = 0) {
  const typeMessage = (i: { input?: unknown }) => (absent(i.input) ? `is required (${what})` : `must be an integer (${what}), got ${shown(i.input)}`);
  return z.number({ error: typeMessage }).int({ error: typeMessage })
    .min(min, { error: (i) => `must be ${min === 0 ? "zero or positive" : `at least ${min}`} (${what}), got ${String(i.input)}` });
}

export function booleanRule() {
  return z.boolean({ error: (i) => `must be true or false, got ${shown(i.input)}` });
}

export function positiveNumberRule(unit: string) {
  const message = (i: { input?: unknown }) => `must be a positive number of ${unit}, got ${shown(i.input)}`;
  return z.number({ error: message }).positive({ error: message });
}

/** A string the provider's own bookkeeping sets (never a user's input). */
export function stringRule() {
  return z.string({ error: "must be a string" });
}

/** A non-empty string; `what` says which name is meant. */
export function nameRule(what: string) {
  const message = `must be a non-empty string (${what})`;
  return z.string({ error: message }).min(1, { error: message });
}

/** An array name (from stack config; that it is configured is check.ts's rule: it needs the config). */
export function arrayNameRule() {
  const required = "is required: the name of an array configured under eternus:arrays";
  return z.string({ error: (i) => (absent(i.input) ? required : `must be a string (an array name), got ${i.input === null ? "null" : typeof i.input}`) })
    .min(1, { error: required });
}

/**
 * One of `allowed`, spelled exactly; a case/underscore variant gets a "did you mean". `special` answers
 * first for values that need their own explanation (e.g. a mode the REST API cannot set).
 */
export function enumRule<const T extends readonly [string, ...string[]]>(allowed: T, special?: (v: string) => string | undefined) {
  return z.enum(allowed, { error: (i) => enumProblem(i.input, allowed, special) });
}

function enumProblem(v: unknown, allowed: readonly string[], special?: (v: string) => string | undefined): string {
  if (typeof v !== "string") return `must be one of ${allowed.join(", ")}, got ${shown(v)}`;
  const own = special?.(v);
  if (own) return own;
  const near = allowed.find((a) => normalizeEnum(a) === normalizeEnum(v));
  return near ? `"${v}" is misspelled: write "${near}" (allowed: ${allowed.join(", ")})` : `must be one of ${allowed.join(", ")}, got "${v}"`;
}
