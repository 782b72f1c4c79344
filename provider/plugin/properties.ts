/**
 * What the plugin changes between the engine's property maps and the resource code's: the bookkeeping
 * inputs the Resource classes send (common/bookkeeping.ts) come from the request's URN here, and never
 * reach the engine (a plugin program does not declare them); secret wrappers are unwrapped.
 */
import { BOOKKEEPING_KEYS } from "../resources/common/bookkeeping";
import { changed, type Props } from "../resources/common/unknown";

/** The Pulumi secret signature (sdk/go/common/resource/sig): `{ "<sig>": "<secret sig>", value }`. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A copy with every secret wrapper replaced by its value. */
export function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (!v || typeof v !== "object") return v;
  const o = v as Props;
  if (o[SIG_KEY] === SECRET_SIG) return unwrapSecrets(o.value);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
}

/** The resource code's view: the engine's props plus resourceName/resourceUrn from the URN. */
export function withBookkeeping(props: Props | undefined, urn: string, name: string): Props {
  return { ...(unwrapSecrets(props ?? {}) as Props), resourceName: name, resourceUrn: urn };
}

/** The engine's view: without the bookkeeping inputs. */
export function withoutBookkeeping(props: Props | undefined): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if ((BOOKKEEPING_KEYS as readonly string[]).includes(k) || k === "__provider" || v === undefined) continue;
    out[k] = v;
  }
  return out;
}

export type PropertyChange = "UPDATE" | "UPDATE_REPLACE" | "ADD" | "DELETE";

/**
 * The detailed diff the engine shows: every declared key whose new value differs from the old state
 * (observed values, so drift shows), plus keys dropped from the declaration. Only called when the
 * resource's diff reported changes.
 */
export function detailedDiff(olds: Props, news: Props, oldInputs: Props, replaces: readonly string[]): Record<string, PropertyChange> {
  const out: Record<string, PropertyChange> = {};
  for (const [k, v] of Object.entries(news)) {
    if (!changed(olds[k], v)) continue;
    out[k] = replaces.includes(k) ? "UPDATE_REPLACE" : olds[k] === undefined ? "ADD" : "UPDATE";
  }
  for (const k of Object.keys(oldInputs)) {
    if (news[k] === undefined && olds[k] !== undefined && !(k in out)) out[k] = replaces.includes(k) ? "UPDATE_REPLACE" : "DELETE";
  }
  for (const k of replaces) out[k] ??= "UPDATE_REPLACE";
  return out;
}
