/**
 * Preview values and stored-property hygiene shared by both resources.
 *
 * During `pulumi preview` a value not known yet arrives as the engine's "unknown" sentinel string,
 * whatever its declared type (docs/dynamic-provider-rules.md, docs/dynamic-provider-rules.md#rule-6-preview-unknowns); checks must accept it.
 */

/** The preview "unknown" sentinel (the Node SDK's runtime/rpc unknownValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

export type Props = Record<string, unknown>;

/** A JSON object (not an array, not null): a nested input such as `sizeFrom`. */
export function isRecord(v: unknown): v is Props {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A copy without `__provider` and undefined values; never mutates the argument. */
export function stripProvider(props: unknown): Props {
  const out: Props = {};
  if (!props || typeof props !== "object") return out;
  for (const [k, v] of Object.entries(props as Props)) {
    if (k === "__provider" || v === undefined) continue;
    out[k] = v;
  }
  return out;
}

/**
 * True when `next` differs from `prev` as JSON, or is not known yet (a preview cannot promise "same").
 * Object keys are compared in sorted order: state comes back from the engine with sorted keys.
 */
export function changed(prev: unknown, next: unknown): boolean {
  return isUnknown(next) || sortedJson(prev ?? null) !== sortedJson(next ?? null);
}

function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x)
    ? Object.fromEntries(Object.entries(x as Props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : x));
}

/** JSON-plain copy: no undefined (even nested), no Dates or Buffers (docs/dynamic-provider-rules.md#rule-7-json-plain-outputs: state is JSON). */
export function jsonPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
