/**
 * Small zod helpers shared by the reply schemas. Every schema is BUILT INSIDE A FUNCTION and never stored
 * at module level (a zod object captured by Pulumi's closure serialization breaks the provider).
 *
 * Tolerance rules (docs/rest-api.md 2.13): unknown fields are kept (looseObject), enumerations are plain
 * strings (unlisted values pass through), null reads as absent, integer ids may arrive as digit strings.
 */
import { z } from "zod";

/** An integer that may arrive as a number or a string of digits. */
export function zInt() {
  return z.union([z.number(), z.string().regex(/^-?\d+$/).transform((s) => Number(s))]);
}

/** A number (sizes, percentages, seconds) that may arrive as a numeric string. */
export function zNum() {
  return z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform((s) => Number(s))]);
}

/** Remove null-valued keys of a plain object so optional fields read as absent. */
export function dropNulls(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== null) out[k] = v;
  return out;
}

/** A loose object whose null members read as absent. */
export function zRecord<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.preprocess(dropNulls, z.looseObject(shape));
}

/** A list member: default [] when absent or null. */
export function zList<T extends z.ZodType>(item: T) {
  return z.array(item).optional().transform((v) => v ?? []);
}

/** One page of a list, as the client uses it. */
export interface ListPage<T> {
  items: T[];
  nextHref?: string;
  totalCount?: number;
}

/**
 * One page of a list reply [M:cs-list, M:fields]: `<resource>_list`, `next_href`, counts; parsed to
 * {@link ListPage}. A missing list reads as empty.
 */
export function zListPage<T extends z.ZodType>(listField: string, item: T) {
  const shape: Record<string, z.ZodType> = {
    total_count: zInt().optional(),
    list_count: zInt().optional(),
    next_href: z.string().optional(),
  };
  shape[listField] = zList(item);
  return z.preprocess(dropNulls, z.looseObject(shape)).transform((p): ListPage<z.output<T>> => {
    const page = p as Record<string, unknown>;
    const out: ListPage<z.output<T>> = { items: page[listField] as z.output<T>[] };
    if (typeof page.next_href === "string" && page.next_href !== "") out.nextHref = page.next_href;
    if (typeof page.total_count === "number") out.totalCount = page.total_count;
    return out;
  });
}

/** How much of one offending value an issue shows. */
const VALUE_IN_MESSAGE = 60;

/** The value at `path` in `input` (undefined when absent). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** `"Activ3"`, `42`, `missing`, `an object`: a value as an issue names it (cut; control characters escaped). */
function shownValue(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null || typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") {
    const s = JSON.stringify(v);
    return s.length > VALUE_IN_MESSAGE ? `${s.slice(0, VALUE_IN_MESSAGE)}..."` : s;
  }
  return Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/**
 * Render zod issues as `field.path: problem`, and with `input` also the value found there (`got "Activ3"`,
 * `got missing`), so an array's unexpected answer is named by field and value. Without `input` no value is
 * printed: a login reply holds a token. The caller redacts the text (secrets) before it shows it.
 */
export function describeIssues(error: z.ZodError, o: { input?: unknown; max?: number } = {}): string {
  const max = o.max ?? 5;
  const withValue = "input" in o;
  const parts = error.issues.slice(0, max).map((i) => {
    const field = i.path.length ? i.path.join(".") : "(root)";
    return `${field}: ${i.message}${withValue ? ` (got ${shownValue(valueAt(o.input, i.path))})` : ""}`;
  });
  if (error.issues.length > max) parts.push(`... ${error.issues.length - max} more`);
  return parts.join("; ");
}
