/**
 * The business volume as admins name it: the REST `volume_id` (e.g. 100001), the volume's name, or the
 * volume number the Web GUI and CLI show (e.g. 1; docs/rest-api.md "Identifiers"). Exactly one is declared.
 * A name or number is resolved to the volume_id at check time (preview and up) and the id is stored with
 * the key it came from; while the declaration is unchanged the stored id is kept without asking the array,
 * so a later rename (or a new volume taking the old name) never moves the provider to another volume.
 */
import type { CallOptions, EternusClient, Volume } from "../../client/types";
import type { Checker, CheckFailure } from "./checker";
import { present } from "./checker";
import { integerRule, nameRule } from "./field-rules";
import { z } from "zod";
import type { Operation } from "./operation";
import { askArray } from "./unanswered-arrays";
import { errorMessage, isUnknown, UNKNOWN, type Props } from "./unknown";

/** Field names of one selector (top-level on RecSyncSession, inside `sizeFrom` on RemoteVolume). */
export interface SelectorKeys {
  id: string;
  name: string;
  number: string;
  /** Stored, not declared: which key the id was resolved from. */
  from: string;
}

/** Bounds a lookup during check: a preview must not hang on a silent array. */
const RESOLVE_TIMEOUT_SECONDS = 30;

/**
 * Exactly one of id, name, number (the resolved id + `from` count as the name or number they came from).
 * Each key's own shape is its zod rule (`selectorRules`); this is the rule across them.
 */
export function checkVolumeSelector(c: Checker, v: Props, k: SelectorKeys, prefix = ""): void {
  const p = (key: string) => prefix + key;
  const resolvedFrom = v[k.from];
  if ((resolvedFrom === k.name || resolvedFrom === k.number) && (!present(v[resolvedFrom]) || !present(v[k.id]))) {
    return c.fail(p(k.from), `${p(k.from)} ${fromMessage(k)}`);
  }
  const ways = [k.id, k.name, k.number].filter((key) => present(v[key]) && !(key === k.id && present(resolvedFrom)));
  const choices = `${p(k.id)} (the REST volume_id, e.g. 100001), ${p(k.name)} (the volume's name) or ${p(k.number)} (the volume number the Web GUI/CLI shows, e.g. 1)`;
  if (ways.length === 0) return c.fail(p(k.id), `one of ${choices} is required`);
  if (ways.length > 1) return c.fail(p(ways[1]), `give exactly one of ${choices}; got ${ways.map(p).join(" and ")}`);
}

function fromMessage(k: SelectorKeys): string {
  return `is set by the provider when ${k.name} or ${k.number} is resolved; do not declare it`;
}

/** The zod rules of a selector's keys, for its schema's fields (the id optional: a name may stand for it). */
export const selectorRule = {
  id: () => integerRule("the REST volume_id of the business volume").optional(),
  name: () => nameRule("the volume's name on the array").optional(),
  number: () => integerRule("the volume number the Web GUI/CLI shows").optional(),
  from: <const N extends string, const M extends string>(k: SelectorKeys & { name: N; number: M }) => {
    const keys: [N, M] = [k.name, k.number];
    return z.enum(keys, { error: fromMessage(k) }).optional();
  },
};

/**
 * Fills `v[k.id]` and `v[k.from]` from the declared name or number: the previous inputs' id when the
 * declaration (array and selector) is unchanged, else a lookup on the array. `resource` (the URN) keys the
 * ids resolved in this process. Unknown at preview: the id is
 * unknown too. Returns the failure to report (naming the field) or undefined.
 */
export async function resolveVolumeSelector(op: Operation, array: unknown, v: Props, olds: Props | undefined, oldArray: unknown, k: SelectorKeys, prefix = "", resource?: string): Promise<CheckFailure | undefined> {
  if (present(v[k.from])) return undefined; // already resolved (create/update re-check the checked inputs)
  const key = present(v[k.name]) ? k.name : present(v[k.number]) ? k.number : undefined;
  if (!key) return undefined; // the id itself is declared
  const wanted = v[key];
  if (isUnknown(wanted) || isUnknown(array)) {
    v[k.id] = UNKNOWN;
    return undefined;
  }
  // A replacement is checked a second time with empty olds: the id this process resolved for the same
  // resource and declaration stands (the engine's diff was made with it).
  const memo = resource ? `${resource}\n${String(array)}\n${key}\n${JSON.stringify(wanted)}` : undefined;
  const kept = olds && olds[k.from] === key && olds[key] === wanted && oldArray === array && typeof olds[k.id] === "number"
    ? olds[k.id] as number
    : memo !== undefined ? resolvedHere.get(memo) : undefined;
  if (kept !== undefined) {
    v[k.id] = kept;
    v[k.from] = key;
    if (memo) resolvedHere.set(memo, kept);
    return undefined;
  }
  const field = prefix + key;
  const shown = typeof wanted === "string" ? `"${wanted}"` : String(wanted);
  let found: Volume | undefined;
  try {
    const by = key === k.name ? { name: String(wanted) } : { number: Number(wanted) };
    found = await askArray(op, String(array), op.deadline(RESOLVE_TIMEOUT_SECONDS), (signal) => findVolume(op.client(String(array)), by, { signal }));
  } catch (e) {
    return { property: field, reason: `${field} ${shown}: cannot look it up on array "${String(array)}": ${errorMessage(e)}` };
  }
  if (!found) {
    return { property: field, reason: `${field} ${shown}: no such volume on array "${String(array)}"${key === k.name ? " (names are case-sensitive)" : " (the number the Web GUI/CLI shows, not the REST volume_id)"}` };
  }
  v[k.id] = found.volume_id;
  v[k.from] = key;
  if (memo) resolvedHere.set(memo, found.volume_id);
  return undefined;
}

/** Ids resolved in this plugin process (one deployment), by resource, array, key and declared value. */
const resolvedHere = new Map<string, number>();

/** One volume by exact name or by volume number (GET /volume is sorted by number; no server-side filter). */
async function findVolume(client: EternusClient, by: { name: string } | { number: number }, o?: CallOptions): Promise<Volume | undefined> {
  const all = await client.listVolumes({ fields: ["volume_id", "number", "name", "capacity", "uid"] }, o);
  return "name" in by ? all.find((x) => x.name === by.name) : all.find((x) => x.number === by.number);
}
