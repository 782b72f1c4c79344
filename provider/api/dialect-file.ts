/**
 * The dialect file: what the probe learned on one array, which the provider reads to override the defaults
 * for that array only (config `eternus:arrays.<name>.dialectFile`). Per docs/unverified-points.md row: the
 * form the array accepted (rows with a DIALECT_TABLE entry only), a verdict and the evidence behind it.
 *
 * Pure: parsing only (provider/config.ts reads the file). The schema is built inside a function (schema-kit).
 */
import { z } from "zod";
import { DEFAULT_DIALECT, DIALECT_TABLE, Dialect, DialectPoint, dialectPointOfRow, isDialectForm } from "./dialect";

export const DIALECT_FILE_FORMAT = "eternus-rec-dialect/1";
/** Rows are numbered 1..23 for good (docs/unverified-points.md). */
export const UNVERIFIED_ROW_COUNT = 23;
export const VERDICTS = ["consistent", "contradicted", "not-observable"] as const;

export function dialectFileSchema() {
  const row = z.object({
    form: z.string().optional(),
    verdict: z.enum(VERDICTS).optional(),
    evidence: z.string(),
  }).strict();
  return z.object({
    format: z.literal(DIALECT_FILE_FORMAT),
    probeVersion: z.string().min(1),
    array: z.string().optional(),
    firmware: z.string().optional(),
    createdAt: z.string().optional(),
    rows: z.record(z.string().regex(/^\d+$/), row),
  }).strict();
}
export type DialectFile = z.output<ReturnType<typeof dialectFileSchema>>;

export type DialectFileResult = { dialect: Dialect; file: DialectFile } | { problem: string };

/** Parse a dialect file's text into the dialect it pins. Never throws; `problem` names the row and the fix. */
export function parseDialectFile(text: string): DialectFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { problem: `not valid JSON (${(e as Error).message})` };
  }
  const parsed = dialectFileSchema().safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { problem: `${i.path.join(".") || "(top level)"}: ${i.message}` };
  }
  const chosen: Partial<Record<DialectPoint, string>> = {};
  for (const [key, entry] of Object.entries(parsed.data.rows)) {
    const row = Number(key);
    if (row < 1 || row > UNVERIFIED_ROW_COUNT) return { problem: `rows.${key}: there is no row ${key} (rows are 1..${UNVERIFIED_ROW_COUNT})` };
    if (entry.form === undefined) continue;
    const point = dialectPointOfRow(row);
    if (!point) return { problem: `rows.${key}.form: row ${key} has no alternative forms; remove "form"` };
    if (!isDialectForm(point, entry.form)) {
      return { problem: `rows.${key}.form: "${entry.form}" is not a known form of row ${key} (known: ${DIALECT_TABLE[point].forms.join(", ")})` };
    }
    chosen[point] = entry.form;
  }
  return { dialect: Object.freeze({ ...DEFAULT_DIALECT, ...chosen }) as Dialect, file: parsed.data };
}
