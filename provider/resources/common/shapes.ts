/**
 * Type helpers that derive a Resource's Args and output properties from its schema's types, and the zod
 * side of check(): a schema's field rules as check failures.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { CheckFailure } from "./checker";
import { InvalidInputsError } from "./errors";
import { isRecord, isUnknown, type Props } from "./unknown";

/** A field as a Pulumi Input; the fields of a nested object may be Inputs too. */
export type DeepInput<T> = pulumi.Input<T extends object ? { [P in keyof T]: DeepInput<T[P]> } : T>;

/** Every field may be a Pulumi Input; optional fields stay optional. */
export type InputsOf<T> = { [K in keyof T]: DeepInput<T[K]> };

/** Every field of the state as an Output on the Resource object. */
export type OutputsOf<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/**
 * The zod issues of a failed parse as check() failures, one per field. Field rules (field-rules.ts) write
 * messages that continue the field's name; `base` is the path of the value parsed.
 */
export function issuesAsFailures(issues: readonly { path: readonly PropertyKey[]; message: string }[], base = ""): CheckFailure[] {
  return issues.map((i) => {
    const property = [base, ...i.path.map(String)].filter((x) => x !== "").join(".") || "(inputs)";
    return { property, reason: `${property} ${i.message}` };
  });
}

/** One value against its rule; `path` names it in the failures. */
export function valueFailures(schema: z.ZodType, value: unknown, path: string): CheckFailure[] {
  const r = schema.safeParse(value);
  return r.success ? [] : issuesAsFailures(r.error.issues, path);
}

/**
 * Each field of `value` against its rule in `schema`, alone, so a preview unknown (the engine's sentinel
 * string, in a field of any type) fails nothing: it is skipped, also inside a nested object, which is
 * checked field by field. Keys the schema does not know are left to it (zod strips them).
 */
export function fieldFailures(schema: z.ZodObject, value: Props, prefix = ""): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const [key, rule] of Object.entries(schema.shape)) {
    const v = value[key];
    if (isUnknown(v)) continue;
    const nested = objectRule(rule);
    if (nested && isRecord(v)) out.push(...fieldFailures(nested, v, `${prefix}${key}.`));
    else out.push(...valueFailures(rule, v, prefix + key));
  }
  return out;
}

/** The object schema behind an optional or defaulted field, if it is one. */
function objectRule(rule: z.ZodType): z.ZodObject | undefined {
  if (rule instanceof z.ZodObject) return rule;
  if (!(rule instanceof z.ZodOptional || rule instanceof z.ZodDefault)) return undefined;
  const inner: unknown = rule.unwrap();
  return inner instanceof z.ZodType ? objectRule(inner) : undefined;
}

/**
 * The typed inputs of a check without failures (create, update, a diff's plan): the schema's parse, with
 * every value known. `what` labels the error ("RemoteVolume osaka/mirror01"); it carries ERR_INVALID_INPUT.
 */
export function parsedInputs<S extends z.ZodType>(schema: S, what: string, inputs: Props): z.output<S> {
  for (const [k, v] of Object.entries(inputs)) {
    if (isUnknown(v)) throw new InvalidInputsError(`${what}: ${k} is still unknown`, [{ property: k, reason: `${k} is still unknown` }]);
  }
  const parsed = schema.safeParse(inputs);
  if (parsed.success) return parsed.data;
  // e.g. a value unknown inside a nested object: check() let it pass in preview; nothing can act on it.
  const failures = issuesAsFailures(parsed.error.issues);
  throw new InvalidInputsError(`${what}: invalid inputs: ${failures.map((f) => f.reason).join("; ")}`, failures);
}
