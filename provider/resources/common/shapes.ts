/** Type helpers that derive a Resource's Args and output properties from its schema's types. */
import type * as pulumi from "@pulumi/pulumi";

/** A field as a Pulumi Input; the fields of a nested object may be Inputs too. */
export type DeepInput<T> = pulumi.Input<T extends object ? { [P in keyof T]: DeepInput<T[P]> } : T>;

/** Every field may be a Pulumi Input; optional fields stay optional. */
export type InputsOf<T> = { [K in keyof T]: DeepInput<T[K]> };

/** Every field of the state as an Output on the Resource object. */
export type OutputsOf<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/** The zod issues of a failed parse as check() failures, one per field. */
export function issuesAsFailures(issues: readonly { path: readonly PropertyKey[]; message: string }[]): { property: string; reason: string }[] {
  return issues.map((i) => {
    const property = i.path.map(String).join(".") || "(inputs)";
    return { property, reason: `${property}: ${i.message}` };
  });
}
