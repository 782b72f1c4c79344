/**
 * Import ids (`pulumi import <type> <name> <id>`, the `import` resource option): `<array>/<number>`, the
 * array as named in stack config and a REST id on it. One parser for every kind, so every kind refuses a
 * malformed id with the same words.
 */
import { InvalidInputsError } from "./errors";
import { BOOKKEEPING_KEYS } from "./bookkeeping";
import type { Props } from "./unknown";

export function parseImportId(kind: string, id: string, what: string): { array: string; number: number } {
  const m = /^([^/]+)\/(\d+)$/.exec(id.trim());
  if (!m) {
    throw new InvalidInputsError(`${kind} import id "${id}" is not <array>/<${what}> (e.g. "tokyo/${what === "volume_id" ? "100005" : "3"}")`, [{ property: "id", reason: `expected <array>/<${what}>` }]);
  }
  return { array: m[1], number: Number(m[2]) };
}

/** `<array>/<n>,<n>,...`: several REST ids on one array (a group's member sessions), each once. */
export function parseImportIdList(kind: string, id: string, what: string): { array: string; numbers: number[] } {
  const m = /^([^/]+)\/(\d+(?:,\d+)*)$/.exec(id.replace(/\s+/g, ""));
  const numbers = m ? m[2].split(",").map(Number) : [];
  if (!m || new Set(numbers).size !== numbers.length) {
    throw new InvalidInputsError(`${kind} import id "${id}" is not <array>/<${what}>,<${what}>,... with each id once (e.g. "tokyo/3,4,7")`, [{ property: "id", reason: `expected <array>/<${what}>,<${what}>,...` }]);
  }
  return { array: m[1], numbers };
}

/** True when a read has no stored state (only the bookkeeping the plugin adds): an import by id. */
export function isImportRead(props: Props): boolean {
  return Object.keys(props).every((k) => k === "__provider" || (BOOKKEEPING_KEYS as readonly string[]).includes(k));
}
